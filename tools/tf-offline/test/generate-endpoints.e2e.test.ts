import { AWS_PROVIDER_ENDPOINTS, generateEndpoints } from '../src';

/**
 * The checked-in endpoint list must be what the mirrored provider says: its schema's endpoint names,
 * and the alias groups it warns about. Regenerate with
 * `node tools/tf-offline/dist/cli.js generate-endpoints -o tools/tf-offline/src/aws-provider-endpoints.generated.ts`.
 */

jest.setTimeout(600_000);

it('matches the endpoint names and aliases of the mirrored hashicorp/aws 5.100.0 (real terraform)', async () => {
  const live = await generateEndpoints({ providerVersion: AWS_PROVIDER_ENDPOINTS.providerVersion });
  expect(live.names).toEqual(AWS_PROVIDER_ENDPOINTS.names);
  expect(live.aliases).toEqual(AWS_PROVIDER_ENDPOINTS.aliases);
});
