import { ValidationError, isUnresolved } from '@icelog/core';

/**
 * The official nginx image (a Docker Official Image), pinned, from its Amazon ECR Public mirror
 * (`public.ecr.aws/docker/library/…` serves the same images as Docker Hub's `nginx:…`): Fargate pulls it
 * without credentials and without Docker Hub's anonymous pull rate limit. Its `main` log format is
 * {@link NGINX_MAIN_LOG_FORMAT}; `nginx:1.28.0` from Docker Hub works the same.
 */
export const DEFAULT_NGINX_IMAGE = 'public.ecr.aws/docker/library/nginx:1.28.0';

/**
 * AWS for Fluent Bit with the init process (`init-` tag), pinned to the stable release line (Fluent Bit
 * 1.9.10). The init process downloads extra config and parser files from S3, so no custom image is needed.
 */
export const DEFAULT_LOG_ROUTER_IMAGE =
  'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-2.34.1.20251112';

/** An image in a private Amazon ECR repository. */
export interface PrivateEcrImage {
  /** Registry account id. */
  readonly account: string;
  /** Registry region. */
  readonly region: string;
  /** Repository name, e.g. `team/nginx`. */
  readonly repositoryName: string;
}

const ECR_IMAGE =
  /^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*)(?::[^@]+)?(?:@sha256:[0-9a-f]{64})?$/;
const REFERENCE = /^[a-z0-9][a-z0-9._/:-]*(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@sha256:[0-9a-f]{64})?$/;

/** The repository of a private ECR image, or `undefined` for other registries (and unresolved tokens). */
export function parsePrivateEcrImage(image: string): PrivateEcrImage | undefined {
  if (isUnresolved(image)) return undefined;
  const match = ECR_IMAGE.exec(image);
  return match ? { account: match[1], region: match[2], repositoryName: match[3] } : undefined;
}

/**
 * Throws unless `image` is a container image reference pinned to a version: a tag containing a version
 * number (`1.28.0`, `init-2.34.1.20251112`) or a digest (`@sha256:…`) — never a moving tag such as
 * `latest`, `stable` or `alpine`. With `initTag`, a tag must also start with `init-` (the aws-for-fluent-bit
 * images that contain the init process).
 */
export function validatePinnedImage(field: string, image: string, initTag = false): void {
  if (isUnresolved(image)) return;
  const lastSlash = typeof image === 'string' ? image.lastIndexOf('/') : -1;
  const name = typeof image === 'string' ? image.slice(lastSlash + 1) : '';
  const match = typeof image === 'string' ? REFERENCE.exec(image) : null;
  if (!match) {
    throw new ValidationError(
      field,
      image,
      'must be a container image reference such as "registry/repository:tag"',
    );
  }
  const hasDigest = match[2] !== undefined;
  const tag = name.includes(':') ? name.slice(name.indexOf(':') + 1).replace(/@.*$/, '') : undefined;
  if (!hasDigest && (tag === undefined || !/[0-9]/.test(tag))) {
    throw new ValidationError(
      field,
      image,
      'must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag',
    );
  }
  if (initTag && !hasDigest && !tag!.startsWith('init-')) {
    throw new ValidationError(
      field,
      image,
      'must be an aws-for-fluent-bit image with the init process (tag "init-<version>") or pinned by digest',
    );
  }
}
