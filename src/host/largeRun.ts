// Before a big run (a labelled set, an export that scores every query): the estimated time, and the
// user's go-ahead. 100,000 pairs take about an hour on two cores with MiniLM and far longer with a
// large model; nobody should start that by a click without knowing. The estimate uses the pairs/s of
// the last runs in this window (services.throughput), else a conservative figure for a small model.
import { FALLBACK_PAIRS_PER_SECOND, formatDuration } from '../core/runEstimate';
import { notify } from './notify';

export { FALLBACK_PAIRS_PER_SECOND, formatDuration };
import type { Services } from './services';

/** True to go ahead. Runs at or below the setting, or with it at 0, never ask. */
export async function confirmLargeRun(svc: Services, pairs: number, what: string): Promise<boolean> {
  const limit = svc.settings().confirmAbovePairs;
  if (limit === 0 || pairs <= limit) return true;
  const rate = svc.throughput() ?? FALLBACK_PAIRS_PER_SECOND;
  const estimate = formatDuration((pairs / rate) * 1000);
  const answer = await notify.ask(
    `Score up to ${pairs.toLocaleString('en-US')} pairs for ${what}? That takes about ${estimate} at ${rate.toFixed(0)} pairs/s.`,
    'Pairs already in the score store are not scored again, so it can be faster. For large sets, a rerank server on a GPU (setting rerankLens.scorer) is much faster. The limit is the setting rerankLens.confirmAbovePairs.',
    'Score',
  );
  return answer === 'Score';
}
