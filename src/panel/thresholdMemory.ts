// Per-model threshold memory: a logit cut-off of one model means nothing for another, so the panel
// remembers the threshold per model (workspace state) and the top-k once; settings give the defaults.
import type * as vscode from 'vscode';
import type { ThresholdSetting } from '../core/types';
import type { Settings } from '../host/settings';

const thresholdKey = (model: string) => `rerankLens.threshold:${model}`;
const TOPK_KEY = 'rerankLens.topK';

export class ThresholdMemory {
  constructor(
    private readonly store: vscode.Memento,
    private readonly settings: () => Settings,
  ) {}

  /** The remembered threshold, else the default (`followsModel` when its setting's space is 'model'). */
  threshold(model: string): ThresholdSetting & { followsModel?: boolean } {
    const saved = this.store.get<unknown>(thresholdKey(model));
    if (isThreshold(saved)) return saved;
    const s = this.settings();
    return s.defaultThresholdSpace === 'model' ? { ...s.defaultThreshold, followsModel: true } : s.defaultThreshold;
  }

  topK(): number | null {
    const saved = this.store.get<unknown>(TOPK_KEY);
    if (saved === null || (typeof saved === 'number' && Number.isInteger(saved) && saved >= 0)) return saved;
    return this.settings().defaultTopK;
  }

  async remember(model: string, threshold: ThresholdSetting, topK: number | null): Promise<void> {
    await this.store.update(thresholdKey(model), threshold);
    await this.store.update(TOPK_KEY, topK);
  }
}

function isThreshold(x: unknown): x is ThresholdSetting {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as ThresholdSetting;
  return (t.space === 'logit' || t.space === 'probability') && (t.value === null || (typeof t.value === 'number' && Number.isFinite(t.value)));
}
