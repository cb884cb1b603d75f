// The score-space settings (`rerankLens.scoreDisplay`, `rerankLens.defaultThresholdSpace`) as values:
// 'logit', 'probability', or 'model' = the space of what sentence-transformers' CrossEncoder.predict
// returns for the model in use (its activation, known once a run has loaded it; issue 15). Pure, so the
// validation is unit-tested without VS Code; settings.ts is the only reader of the settings themselves.
import type { ScoreSpace } from '../core/types';

export type SpaceSetting = ScoreSpace | 'model';

/** The default of both settings (package.json says the same). */
export const DEFAULT_SPACE_SETTING: SpaceSetting = 'model';

/** A setting's value, or `fallback` for anything else (an unknown string, a number, a typo). */
export function spaceSetting(v: unknown, fallback: SpaceSetting): SpaceSetting {
  return v === 'logit' || v === 'probability' || v === 'model' ? v : fallback;
}

/** The space a 'model' setting stands for while the model's activation is not known yet: the raw
 *  logit, what the cross-encoder/ms-marco-* models' predict returns. */
export function placeholderSpace(s: SpaceSetting): ScoreSpace {
  return s === 'model' ? 'logit' : s;
}
