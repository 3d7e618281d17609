// Adds `engine`, `workload` and `ms_per_iter` to each JSON line of ../shared/bench/peers/run-peers.sh, so the peers'
// lines read like `npm run bench`'s: workload S = 529 genes (the real data), L = 2000 genes tiled, paper = the paper's
// own per-cell loop (its 5000-iteration time is extrapolated from its median seconds per iteration).
import { createInterface } from 'node:readline';

for await (const line of createInterface({ input: process.stdin })) {
  let peer;
  try {
    peer = JSON.parse(line);
  } catch {
    console.log(JSON.stringify({ engine: 'peer', unparsed: line }));
    continue;
  }
  if (peer.impl === 'pathreg-reference-torchdiffeq') {
    const ms = peer.s_per_iter_median * 1000;
    console.log(
      JSON.stringify({
        engine: `paper-loop-${peer.device}`,
        workload: 'paper',
        ms_per_iter: Number(ms.toFixed(2)),
        estimated_5000_iterations_s: Number((ms * 5).toFixed(1)),
        ...peer,
      }),
    );
    continue;
  }
  const library = String(peer.impl).startsWith('jax') ? 'jax-jit' : 'pytorch';
  const workload = peer.D === 529 ? 'S' : peer.D === 2000 ? 'L' : `D${peer.D}`;
  console.log(
    JSON.stringify({
      engine: `${library}-${peer.device}`,
      workload,
      ms_per_iter: Number(Number(peer.ms_per_iter_median).toFixed(2)),
      ...peer,
    }),
  );
}
