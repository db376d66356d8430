import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { blockCount, dataBearingType, forceNewAttributesAt, forcesReplacement } from './data-bearing';
import { REVIEW_MARKER, cell, code, htmlCode, renderWarnings, shortValue, table } from './markdown';
import { PlanReviewInputError } from './plan-json';
import {
  POLICY_ATTRIBUTES,
  describeWildcard,
  findPolicyDocumentBlockWildcards,
  findPolicyWildcards,
  newWildcards,
} from './policy-wildcards';
import { ReviewWarning, sortWarnings } from './warnings';

/** A synthesized stack (`cdk.tf.json`), loosely typed. */
export interface SynthesizedJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  readonly [key: string]: unknown;
}

/** A stack read from disk. */
export interface LoadedSynth {
  /** The `cdk.tf.json` file read. */
  readonly path: string;
  /** Its parsed content. */
  readonly json: SynthesizedJson;
}

/**
 * Reads a synthesized stack from a `cdk.tf.json` file, a stack directory holding one, or a `cdktf.out`
 * directory with exactly one stack.
 */
export function loadSynth(path: string): LoadedSynth {
  if (!existsSync(path)) throw new PlanReviewInputError('synth path', path, 'must exist');
  let file = path;
  if (statSync(path).isDirectory()) {
    const stacksDir = join(path, 'stacks');
    if (existsSync(join(path, 'cdk.tf.json'))) file = join(path, 'cdk.tf.json');
    else if (existsSync(stacksDir)) {
      const stacks = readdirSync(stacksDir).filter((s) => existsSync(join(stacksDir, s, 'cdk.tf.json')));
      if (stacks.length !== 1) {
        throw new PlanReviewInputError(
          'synth path',
          path,
          `must hold exactly one stack under stacks/ (found ${stacks.length}: ${stacks.join(', ') || 'none'}); pass the stack directory`,
        );
      }
      file = join(stacksDir, stacks[0], 'cdk.tf.json');
    } else {
      throw new PlanReviewInputError(
        'synth path',
        path,
        'must be a cdk.tf.json file or a directory holding one',
      );
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PlanReviewInputError('synth file', file, `must hold JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PlanReviewInputError('synth file', file, 'must hold a JSON object');
  }
  return { path: file, json: json as SynthesizedJson };
}

/** One changed leaf value. `path` keeps list indices, e.g. `statement[0].actions[1]`. */
export interface AttributeChange {
  /** Path of the value. */
  readonly path: string;
  /**
   * Value in the base; absent when added.
   * @default - absent
   */
  readonly before?: unknown;
  /**
   * Value in the head; absent when removed.
   * @default - absent
   */
  readonly after?: unknown;
}

/** A resource or data source present in one side only. */
export interface BlockRef {
  /** `aws_s3_bucket.logs`, or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Terraform type. */
  readonly type: string;
}

/** A block present on both sides with different attributes. */
export interface ChangedBlock extends BlockRef {
  /** The changed values. */
  readonly changes: readonly AttributeChange[];
}

/** A removed and an added resource of the same type, taken as one resource renamed. */
export interface RenamedBlock {
  /** Terraform type. */
  readonly type: string;
  /** Address in the base. */
  readonly from: string;
  /** Address in the head. */
  readonly to: string;
  /** Share of leaf values the two have in common, 0–1. */
  readonly similarity: number;
  /** True when the head has a `moved` block for the pair: the state moves, nothing is replaced. */
  readonly moved: boolean;
  /** Attribute changes between the two. */
  readonly changes: readonly AttributeChange[];
}

/** Differences between two synthesized stacks. */
export interface SynthDiff {
  /** Label of the base side. */
  readonly base: string;
  /** Label of the head side. */
  readonly head: string;
  /** Blocks only in the head (renames excluded). */
  readonly added: readonly BlockRef[];
  /** Blocks only in the base (renames excluded). */
  readonly removed: readonly BlockRef[];
  /** Renamed resources. */
  readonly renamed: readonly RenamedBlock[];
  /** Blocks on both sides with changed attributes. */
  readonly changed: readonly ChangedBlock[];
  /** Findings, dangers first. */
  readonly warnings: readonly ReviewWarning[];
}

/** Labels of the two sides. */
export interface DiffSynthOptions {
  /**
   * @default 'base'
   */
  readonly baseLabel?: string;
  /**
   * @default 'head'
   */
  readonly headLabel?: string;
}

type Json = unknown;

/** Drops the `//` comment keys cdktf writes (metadata, guardrail suppressions) at any depth. */
export function stripComments(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripComments);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== '//')
        .map(([k, v]) => [k, stripComments(v)]),
    );
  }
  return value;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf-level differences of two JSON values. */
export function diffValues(before: Json, after: Json, path = ''): AttributeChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const join_ = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], join_(k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    const out: AttributeChange[] = [];
    for (let i = 0; i < n; i++) out.push(...diffValues(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  return [
    {
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}

/** `a[0].b[2].c` → `a.b.c`, the form the force-new table uses. */
export function withoutIndices(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

function leaves(value: Json, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: Json, p: string) => {
    if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, p === '' ? k : `${p}.${k}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else out.set(p, JSON.stringify(v));
  };
  walk(value, path);
  return out;
}

function similarity(a: Json, b: Json): number {
  const la = leaves(a);
  const lb = leaves(b);
  const keys = new Set([...la.keys(), ...lb.keys()]);
  if (keys.size === 0) return 1;
  let same = 0;
  for (const k of keys) if (la.has(k) && la.get(k) === lb.get(k)) same += 1;
  return same / keys.size;
}

function blocks(json: SynthesizedJson): Map<string, { type: string; body: Json; mode: 'managed' | 'data' }> {
  const out = new Map<string, { type: string; body: Json; mode: 'managed' | 'data' }>();
  for (const [mode, group] of [
    ['managed', json.resource],
    ['data', json.data],
  ] as const) {
    for (const [type, byName] of Object.entries(group ?? {})) {
      if (type === '//' || !isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (name === '//') continue;
        const address = mode === 'managed' ? `${type}.${name}` : `data.${type}.${name}`;
        out.set(address, { type, body: stripComments(body), mode });
      }
    }
  }
  return out;
}

/** Compares two synthesized stacks and flags the changes that replace or lose data. */
export function diffSynth(
  base: SynthesizedJson,
  head: SynthesizedJson,
  options: DiffSynthOptions = {},
): SynthDiff {
  const before = blocks(base);
  const after = blocks(head);
  const warnings: ReviewWarning[] = [];
  const moved = new Set((head.moved ?? []).map((m) => `${m.from}→${m.to}`));

  const removedAll = [...before.keys()].filter((a) => !after.has(a));
  const addedAll = [...after.keys()].filter((a) => !before.has(a));

  // Pair removed and added managed resources of one type, most similar first: a renamed construct.
  const renamed: RenamedBlock[] = [];
  const paired = new Set<string>();
  const candidates: { from: string; to: string; score: number }[] = [];
  for (const from of removedAll) {
    const b = before.get(from)!;
    if (b.mode !== 'managed') continue;
    for (const to of addedAll) {
      const a = after.get(to)!;
      if (a.mode !== 'managed' || a.type !== b.type) continue;
      const isMoved = moved.has(`${from}→${to}`);
      candidates.push({ from, to, score: isMoved ? 2 : similarity(b.body, a.body) });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
  for (const c of candidates) {
    if (paired.has(c.from) || paired.has(c.to)) continue;
    paired.add(c.from);
    paired.add(c.to);
    const type = before.get(c.from)!.type;
    const isMoved = moved.has(`${c.from}→${c.to}`);
    const changes = diffValues(before.get(c.from)!.body, after.get(c.to)!.body);
    renamed.push({
      type,
      from: c.from,
      to: c.to,
      similarity: isMoved ? 1 : Math.round(c.score * 100) / 100,
      moved: isMoved,
      changes,
    });
    if (isMoved) {
      warnings.push(
        ...forceNewWarnings(c.to, type, changes, before.get(c.from)!.body, after.get(c.to)!.body),
      );
      continue;
    }
    const entry = dataBearingType(type);
    warnings.push({
      severity: entry ? 'danger' : 'warning',
      kind: 'rename',
      address: c.to,
      type,
      message:
        `logical id changed from ${code(c.from)} to ${code(c.to)}: Terraform destroys the old resource and creates a new one. ` +
        (entry ? `${entry.onReplace} ` : '') +
        'Keep the construct id, or add a moved block (cdktf: `moveFromId`).',
    });
  }

  const removed = removedAll
    .filter((a) => !paired.has(a))
    .map((a) => ({ address: a, type: before.get(a)!.type }));
  const added = addedAll.filter((a) => !paired.has(a)).map((a) => ({ address: a, type: after.get(a)!.type }));
  for (const r of removed) {
    const entry = dataBearingType(r.type);
    if (entry && before.get(r.address)!.mode === 'managed') {
      warnings.push({
        severity: 'danger',
        kind: 'delete',
        address: r.address,
        type: r.type,
        message: `${r.type} removed from the stack: Terraform deletes it. ${entry.onDelete}`,
      });
    }
  }

  const changed: ChangedBlock[] = [];
  for (const [address, b] of before) {
    const a = after.get(address);
    if (!a) continue;
    const changes = diffValues(b.body, a.body);
    if (changes.length === 0) continue;
    changed.push({ address, type: b.type, changes });
    if (b.mode === 'managed') warnings.push(...forceNewWarnings(address, b.type, changes, b.body, a.body));
  }

  warnings.push(...policyWarnings(before, after));
  warnings.push(...settingsWarnings(base, head));

  return {
    base: options.baseLabel ?? 'base',
    head: options.headLabel ?? 'head',
    added,
    removed,
    renamed,
    changed: changed.sort((x, y) => x.address.localeCompare(y.address)),
    warnings: sortWarnings(warnings),
  };
}

function forceNewWarnings(
  address: string,
  type: string,
  changes: readonly AttributeChange[],
  beforeBody: unknown,
  afterBody: unknown,
): ReviewWarning[] {
  const entry = dataBearingType(type);
  if (!entry) return [];
  const forced = new Map<string, string>();
  const notes: string[] = [];
  for (const c of changes) {
    for (const f of forceNewAttributesAt(type, withoutIndices(c.path))) {
      if (forced.has(f.path) || !forcesReplacement(f, beforeBody, afterBody)) continue;
      const counts =
        f.replacesWhen === 'block-count-change'
          ? ` (${blockCount(beforeBody, f.path)} → ${blockCount(afterBody, f.path)} blocks)`
          : '';
      forced.set(f.path, `${code(f.path)}${counts}`);
      if (f.note && !notes.includes(f.note)) notes.push(f.note);
    }
  }
  if (forced.size === 0) return [];
  return [
    {
      severity: 'danger',
      kind: 'force-new-change',
      address,
      type,
      message: `changed ${[...forced.values()].join(', ')}, which forces a replacement. ${entry.onReplace}${notes.length ? ` (${notes.join('; ')})` : ''}`,
      attributes: [...forced.keys()],
    },
  ];
}

function policyWarnings(
  before: ReturnType<typeof blocks>,
  after: ReturnType<typeof blocks>,
): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  for (const [address, a] of after) {
    const b = before.get(address);
    let added;
    let where: string;
    if (a.mode === 'data' && a.type === 'aws_iam_policy_document') {
      added = newWildcards(
        findPolicyDocumentBlockWildcards(a.body),
        findPolicyDocumentBlockWildcards(b?.body),
      );
      where = 'statement';
    } else if (a.mode === 'managed' && POLICY_ATTRIBUTES[a.type]) {
      const attrs = POLICY_ATTRIBUTES[a.type];
      added = attrs.flatMap((attr) =>
        newWildcards(
          findPolicyWildcards((a.body as Record<string, unknown>)[attr]),
          findPolicyWildcards(isObject(b?.body) ? b.body[attr] : undefined),
        ),
      );
      where = attrs.join('/');
    } else continue;
    if (added.length > 0) {
      out.push({
        severity: 'warning',
        kind: 'policy-wildcard',
        address,
        type: a.type,
        message: `${where} gains ${added.map(describeWildcard).join(', ')}; name the actions and resource ARNs instead (SECURITY.md).`,
      });
    }
  }
  return out;
}

function settingsWarnings(base: SynthesizedJson, head: SynthesizedJson): ReviewWarning[] {
  const out: ReviewWarning[] = [];
  const backendChanges = diffValues(
    stripComments(base.terraform?.backend),
    stripComments(head.terraform?.backend),
  );
  if (backendChanges.length > 0) {
    out.push({
      severity: 'danger',
      kind: 'backend-change',
      address: 'terraform.backend',
      message: `state backend changed (${backendChanges.map((c) => code(c.path || 'backend')).join(', ')}): Terraform reads a different state and plans every resource as new unless the state is migrated (terraform init -migrate-state).`,
      attributes: backendChanges.map((c) => c.path),
    });
  }
  const regions = (json: SynthesizedJson) => {
    const aws = json.provider?.aws;
    return (Array.isArray(aws) ? aws : []).map((p) =>
      isObject(p) ? `${p.alias ?? 'default'}=${p.region}` : '',
    );
  };
  const rb = regions(base);
  const rh = regions(head);
  if (rb.length > 0 && JSON.stringify(rb) !== JSON.stringify(rh)) {
    out.push({
      severity: 'danger',
      kind: 'region-change',
      address: 'provider.aws',
      message: `AWS provider region changed (${rb.join(', ')} → ${rh.join(', ')}): every regional resource is created anew in the new region and the old ones are orphaned or destroyed.`,
    });
  }
  return out;
}

/** Options of {@link renderSynthDiff}. */
export interface RenderSynthDiffOptions {
  /**
   * Heading of the document.
   * @default 'icelog synth diff'
   */
  readonly title?: string;
  /**
   * Most attribute changes listed per block.
   * @default 20
   */
  readonly maxChangesPerBlock?: number;
}

/** The Markdown PR comment for a synth diff, starting with {@link REVIEW_MARKER}. */
export function renderSynthDiff(diff: SynthDiff, options: RenderSynthDiffOptions = {}): string {
  const max = options.maxChangesPerBlock ?? 20;
  const lines: string[] = [REVIEW_MARKER, `## ${options.title ?? 'icelog synth diff'}`, ''];
  lines.push(`${code(diff.base)} → ${code(diff.head)} (synthesized Terraform JSON; no Terraform run)`, '');
  lines.push(...renderWarnings(diff.warnings));
  lines.push(
    table(
      ['added', 'removed', 'renamed', 'changed'],
      [[diff.added, diff.removed, diff.renamed, diff.changed].map((x) => String(x.length))],
      ['---:', '---:', '---:', '---:'],
    ),
    '',
  );
  if (diff.renamed.length > 0) {
    lines.push('### Renamed', '');
    lines.push(
      table(
        ['type', 'old logical id', 'new logical id', 'similarity', 'state'],
        diff.renamed.map((r) => [
          cell(r.type),
          code(cell(r.from)),
          code(cell(r.to)),
          r.similarity.toFixed(2),
          r.moved ? 'moved block' : '**replaced**',
        ]),
      ),
      '',
    );
  }
  for (const [title, refs] of [
    ['Added', diff.added],
    ['Removed', diff.removed],
  ] as const) {
    if (refs.length === 0) continue;
    lines.push(
      `### ${title}`,
      '',
      table(
        ['address', 'type'],
        refs.map((r) => [code(cell(r.address)), cell(r.type)]),
      ),
      '',
    );
  }
  if (diff.changed.length > 0) {
    lines.push('### Changed', '');
    for (const c of diff.changed) {
      lines.push(
        `<details><summary>${htmlCode(c.address)} (${c.changes.length} value${c.changes.length === 1 ? '' : 's'})</summary>`,
        '',
      );
      lines.push(
        table(
          ['attribute', 'base', 'head'],
          c.changes
            .slice(0, max)
            .map((x) => [code(cell(x.path)), cell(shortValue(x.before)), cell(shortValue(x.after))]),
        ),
      );
      if (c.changes.length > max) lines.push('', `…and ${c.changes.length - max} more.`);
      lines.push('', '</details>', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
