// The catalog search benchmark: CatalogSearchIndex against plain fuse.js over the same documents, keys and
// options, on generated catalogs of 10,000 and 100,000 entities. Prints a table and merges its figures into
// bench/results.json. Run with `npm run bench` (it needs `node --expose-gc` to measure memory).
import Fuse from 'fuse.js';
import { mergeResults, percentile, RESULTS, type BenchRecord } from './benchStats';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CatalogSearchIndex } from '../src/core/search/catalogSearch';
import { searchDocumentOf, type SearchDocument } from '../src/core/search/searchDocument';
import { SEARCH_FUSE_OPTIONS } from '../src/core/search/searchFields';
import { parseSearchQuery } from '../src/core/search/searchQuery';
import { generateCatalog } from './generateCatalog';

/** What people would type: names, people, teams, tags, prose, and typos of each. Every prefix is a keystroke. */
const QUERIES = [
  'artist lookup',
  'artst lookup',
  'artist-lookup',
  'petstore',
  'petsore',
  'playback order',
  'plyback ordr',
  'wayback search',
  'waybak serch',
  'shuffle api',
  'team-a',
  'janelle dawe',
  'janele daw',
  'nigel-manning@example.com',
  'guest user',
  'kafka',
  'postgres',
  'graphql',
  'elasticsearch',
  'elastcsearch',
  'payment gateway',
  'paymnet gatway',
  'recommendation engine',
  'recomendation',
  'invoice processor',
  'grafana dashboard',
  'runbook',
  'checkout-web',
  'chekout',
  'acme/billing',
  'notification service',
  'team-search',
  'maria garcia',
  'yuki tanaka',
  'inventory-db',
  'subscription',
  'fraud',
  'transcoder',
  'lyrics api',
  'royalty',
];
/** Filtered queries: timed for CatalogSearchIndex only, as plain fuse.js has no filters. */
const FILTERED_QUERIES = ['kind:api payment', 'owner:team-a artist', 'tag:java type:service order', 'kind:user garcia', 'kind:component tag:kafka'];
/** Results a quick pick asks for on each keystroke. */
const LIMIT = 50;
const UPDATES = 500;
type Figure = BenchRecord;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with `node --expose-gc` (npm run bench): memory figures need it.');

function keystrokes(queries: readonly string[]): string[] {
  return queries.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1)));
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function memory(): number {
  gc!();
  gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Builds the index, measuring the time and the memory it holds beyond the documents themselves. */
function build(docs: readonly SearchDocument[]): { index: CatalogSearchIndex; ms: number; bytes: number } {
  const before = memory();
  const { ms, value: index } = time(() => {
    const index = new CatalogSearchIndex();
    for (const doc of docs) index.set(doc);
    return index;
  });
  return { index, ms, bytes: memory() - before };
}

/** Agreement of two top-10 lists: the share of refs they have in common, |A ∩ B| / max(|A|, |B|), 1 when both are empty. */
function agreement(ours: readonly string[], theirs: readonly string[]): number {
  const size = Math.max(ours.length, theirs.length);
  return size === 0 ? 1 : ours.filter((ref) => theirs.includes(ref)).length / size;
}

function ours(index: CatalogSearchIndex): (query: string) => string[] {
  return (query) => index.search(query, LIMIT).map((result) => result.ref);
}

function plain(fuse: Fuse<SearchDocument>): (query: string) => string[] {
  return (query) => fuse.search(parseSearchQuery(query).terms, { limit: LIMIT }).map((result) => result.item.ref);
}

/** Times each query after a warm-up run of `warmUp` (JIT, caches); returns the times and the top 10 of each. */
function measure(search: (query: string) => string[], queries: readonly string[], warmUp = queries): { times: number[]; tops: string[][] } {
  for (const query of warmUp) search(query);
  const runs = queries.map((query) => time(() => search(query)));
  return { times: runs.map((run) => run.ms), tops: runs.map((run) => run.value.slice(0, 10)) };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

type Recorder = (name: string, value: number, unit: string) => void;

/** 10,000 entities: ours and plain fuse.js side by side, on every keystroke. */
function bench10k(record: Recorder, strokes: readonly string[]): void {
  const docs10k = generateCatalog(10_000).map(searchDocumentOf);
  const built10k = build(docs10k);
  const index10k = built10k.index;
  const fuseBuild = time(() => new Fuse(docs10k, SEARCH_FUSE_OPTIONS));
  const fuse10k = fuseBuild.value;
  // plain fuse.js warms up on a sample: at hundreds of ms per query, JIT warmth is noise.
  const { times: ours10k, tops: oursTops } = measure(ours(index10k), strokes);
  const { times: fuse10kTimes, tops: fuseTops } = measure(plain(fuse10k), strokes, QUERIES);
  const filtered10k = measure(ours(index10k), keystrokes(FILTERED_QUERIES)).times;

  const perStroke = strokes.map((query, i) => ({ query, agreement: agreement(oursTops[i], fuseTops[i]) }));
  const perQuery = QUERIES.map((query) => perStroke.find((stroke) => stroke.query === query)!);
  const shortStrokes = perStroke.filter(({ query }) => query.length <= 2);

  const updates = Array.from({ length: UPDATES }, (_, i) => docs10k[(i * 7919) % docs10k.length]).map((doc, i) => ({
    ...doc,
    description: `${doc.description ?? ''} Updated ${i}.`,
    tags: [...doc.tags, `updated-${i % 10}`],
  }));
  const updateTimes = updates.map((doc) => time(() => index10k.set(doc)).ms);

  record('search.10k.p95_ms', percentile(ours10k, 95), 'ms');
  record('search.10k.fuse_p95_ms', percentile(fuse10kTimes, 95), 'ms');
  record('search.10k.speedup_vs_fuse', percentile(fuse10kTimes, 95) / percentile(ours10k, 95), 'x');
  record('search.10k.mean_ms', mean(ours10k), 'ms');
  record('search.10k.fuse_mean_ms', mean(fuse10kTimes), 'ms');
  record('search.10k.filtered_p95_ms', percentile(filtered10k, 95), 'ms');
  record('search.top10_agreement', mean(perQuery.map((q) => q.agreement)), 'fraction');
  record('search.keystroke_top10_agreement', mean(perStroke.map((s) => s.agreement)), 'fraction');
  record('search.keystroke_top10_agreement_1_2_chars', mean(shortStrokes.map((s) => s.agreement)), 'fraction');
  record('search.10k.build_ms', built10k.ms, 'ms');
  record('search.10k.fuse_build_ms', fuseBuild.ms, 'ms');
  record('search.update_ms', mean(updateTimes), 'ms');
  record('search.update_p95_ms', percentile(updateTimes, 95), 'ms');
  record('search.bytes_per_entity', built10k.bytes / docs10k.length, 'bytes');

  print('\nTop-10 agreement with plain fuse.js, per query (|ours ∩ fuse| / max(|ours|, |fuse|)):');
  for (const { query, agreement } of perQuery) print(`  ${agreement.toFixed(1).padStart(4)}  ${query}`);
}

/**
 * 100,000 entities: ours on every keystroke. Plain fuse.js takes seconds per query, so both are timed on the same
 * sample of keystrokes (every 25th, short prefixes and whole words alike), in turns; the whole queries, for the
 * agreement, are run on both but not timed.
 */
function bench100k(record: Recorder, strokes: readonly string[]): number {
  const docs100k = generateCatalog(100_000).map(searchDocumentOf);
  const built100k = build(docs100k);
  const search = ours(built100k.index);
  const ours100k = measure(search, strokes);
  const fuse = plain(new Fuse(docs100k, SEARCH_FUSE_OPTIONS));
  const sample = strokes.filter((_, i) => i % 25 === 0);
  for (const query of sample.slice(0, 3)) fuse(query);
  const oursSample: number[] = [];
  const fuseSample: number[] = [];
  const sampleAgreement: number[] = [];
  for (const [i, query] of sample.entries()) {
    const first = i % 2 === 0 ? time(() => search(query)) : time(() => fuse(query));
    const second = i % 2 === 0 ? time(() => fuse(query)) : time(() => search(query));
    const [mine, theirs] = i % 2 === 0 ? [first, second] : [second, first];
    oursSample.push(mine.ms);
    fuseSample.push(theirs.ms);
    sampleAgreement.push(agreement(mine.value.slice(0, 10), theirs.value.slice(0, 10)));
  }
  const wholeAgreement = QUERIES.map((query) => agreement(search(query).slice(0, 10), fuse(query).slice(0, 10)));
  record('search.100k.p95_ms', percentile(ours100k.times, 95), 'ms');
  record('search.100k.sample_p95_ms', percentile(oursSample, 95), 'ms');
  record('search.100k.fuse_p95_ms', percentile(fuseSample, 95), 'ms');
  record('search.100k.speedup_vs_fuse', percentile(fuseSample, 95) / percentile(oursSample, 95), 'x');
  record('search.100k.filtered_p95_ms', percentile(measure(search, keystrokes(FILTERED_QUERIES)).times, 95), 'ms');
  record('search.100k.top10_agreement', mean(wholeAgreement), 'fraction');
  record('search.100k.keystroke_top10_agreement', mean(sampleAgreement), 'fraction');
  record('search.100k.build_ms', built100k.ms, 'ms');
  record('search.100k.bytes_per_entity', built100k.bytes / docs100k.length, 'bytes');
  return sample.length;
}

function run(): void {
  const records: Figure[] = [];
  const record: Recorder = (name, value, unit) => records.push({ name, value: Math.round(value * 1000) / 1000, unit });
  const strokes = keystrokes(QUERIES);
  print(`${QUERIES.length} queries, ${strokes.length} keystrokes, ${LIMIT} results per keystroke; Node ${process.version}; load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
  bench10k(record, strokes);
  const sampled = bench100k(record, strokes);
  print(`\nat 100k: both timed on the same ${sampled} keystrokes, in turns`);
  print(`${'figure'.padEnd(46)}${'value'.padStart(12)}  unit`);
  for (const { name, value, unit } of records) print(`${name.padEnd(46)}${String(value).padStart(12)}  ${unit}`);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const value = (name: string) => records.find((r) => r.name === name)!.value;
  print(`\nTargets (load average now ${loadavg()[0].toFixed(2)}):`);
  print(`  p95 < 10 ms at 10k: ${met(value('search.10k.p95_ms') < 10)}`);
  print(`  p95 < 50 ms at 100k: ${met(value('search.100k.p95_ms') < 50)}`);
  print(`  >= 20x plain fuse.js at 10k: ${met(value('search.10k.speedup_vs_fuse') >= 20)}`);
  print(`  top-10 agreement >= 0.8: ${met(value('search.top10_agreement') >= 0.8)}`);
  mergeResults(records);
  print(`\nwrote ${path.relative(process.cwd(), RESULTS)}`);
}

run();
