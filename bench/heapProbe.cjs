// Preloaded into the catalog server by the benchmark (`node --expose-gc --require bench/heapProbe.cjs`): on SIGUSR2 it
// collects garbage and writes the memory in use to stderr, where LspSession.heap() reads it. The server is unchanged.
process.on('SIGUSR2', () => {
  global.gc();
  global.gc();
  const { heapUsed, arrayBuffers, external, rss } = process.memoryUsage();
  process.stderr.write(`greenroom-heap ${JSON.stringify({ heapUsed, arrayBuffers, external, rss })}\n`);
});
