// The panel's score space when `rerankLens.scoreDisplay` (or `defaultThresholdSpace`) is 'model':
// what sentence-transformers' CrossEncoder.predict returns for the model in use (issue 15). Known only
// once a run reports the model's activation (ScoreResult.details.activation), so a fresh panel starts
// in the last known space of the same model (else the logit) and a finished run switches it:
//   - the display follows the model until the user picks a space in the panel;
//   - a threshold with value null switches space with it;
//   - a set threshold keeps its value and space (the webview converts it for display, never
//     reinterprets the number), except the untouched default threshold whose setting says its number
//     is in the model's space.
// Pure functions of the PanelState (no VS Code), unit-tested in test/unit/panel/modelSpace.test.ts.
import type { ScoreSpace, ThresholdSetting } from '../core/types';
import { placeholderSpace, type SpaceSetting } from '../host/spaceSetting';
import type { PanelState } from './protocol';

export type ModelActivation = { fn: string; reason: string };

/** The space of what CrossEncoder.predict returns: Identity -> the logit, Sigmoid/Softmax -> the probability. */
export function spaceOfActivation(a: ModelActivation): ScoreSpace {
  return a.fn === 'identity' ? 'logit' : 'probability';
}

const SPACE_WORDS: Record<ScoreSpace, string> = { logit: 'raw logit', probability: 'probability' };

/** A fresh state's display and follow flags. `carried`: the threshold came from the previous state
 *  (same input); `kept`: display and threshold are the view's own (query switch) and keep their flags. */
export function startSpaces(st: PanelState, settings: { scoreDisplay: SpaceSetting; defaultThresholdSpace: SpaceSetting }, previous: PanelState | undefined, opts: { kept: boolean; carried: boolean }): void {
  const sameModel = previous && previous.model === st.model ? previous : undefined;
  if (sameModel?.modelSpace) st.modelSpace = sameModel.modelSpace;
  if (opts.kept) {
    if (previous?.displayFollowsModel) st.displayFollowsModel = true;
    if (previous?.thresholdFollowsModel) st.thresholdFollowsModel = true;
    return;
  }
  if (settings.scoreDisplay === 'model') {
    st.displayFollowsModel = true;
    st.display = st.modelSpace ?? placeholderSpace('model');
  } else st.display = settings.scoreDisplay;
  if (!opts.carried && settings.defaultThresholdSpace === 'model' && st.threshold.value !== null) {
    // The default threshold's number is meant in the model's space.
    st.thresholdFollowsModel = true;
    st.threshold = { space: st.modelSpace ?? placeholderSpace('model'), value: st.threshold.value };
  } else if (st.threshold.value === null && st.displayFollowsModel) st.threshold = { space: st.display, value: null };
  else if (opts.carried && previous?.thresholdFollowsModel) st.thresholdFollowsModel = true;
}

/** A model switch (beginRun): the new model's threshold; a default one in the model's space follows
 *  the display until the run says the model's space. */
export function switchedThreshold(st: PanelState, t: ThresholdSetting, followsModel: boolean): void {
  delete st.thresholdFollowsModel;
  delete st.modelSpace;
  if (followsModel && t.value !== null) {
    st.thresholdFollowsModel = true;
    st.threshold = { space: st.display, value: t.value };
  } else st.threshold = t.value === null && st.displayFollowsModel ? { space: st.display, value: null } : { ...t };
}

/** A finished run: the model's space from its activation (none: a rerank server, or no report). */
export function applyModelSpace(st: PanelState, activation: ModelActivation | undefined): void {
  if (!activation) {
    delete st.modelSpace;
    return;
  }
  const space = spaceOfActivation(activation);
  st.modelSpace = space;
  if (st.displayFollowsModel) st.display = space;
  if (st.thresholdFollowsModel || (st.displayFollowsModel && st.threshold.value === null)) st.threshold = { space, value: st.threshold.value };
}

/** The scoreDisplay setting changed to `setting` while the panel is open. */
export function displayForSetting(st: PanelState, setting: SpaceSetting): void {
  if (setting === 'model') {
    st.displayFollowsModel = true;
    st.display = st.modelSpace ?? placeholderSpace('model');
    if (st.threshold.value === null) st.threshold = { space: st.display, value: null };
  } else {
    delete st.displayFollowsModel;
    st.display = setting;
  }
}

/** The user chose display and threshold in the panel: a changed space or threshold stops following. */
export function userSettings(st: PanelState, display: ScoreSpace, threshold: ThresholdSetting): void {
  if (display !== st.display) delete st.displayFollowsModel;
  if (threshold.value !== st.threshold.value || (threshold.value !== null && threshold.space !== st.threshold.space)) delete st.thresholdFollowsModel;
}

/** The header's tooltip line: which space the panel shows first and why. */
export function spaceTitle(st: PanelState, activation: ModelActivation | undefined): string {
  const shown = SPACE_WORDS[st.display];
  if (!activation) return st.displayFollowsModel ? `The panel shows the ${shown} first: rerankLens.scoreDisplay is "model", and this scorer reports no activation.` : '';
  const predicts = SPACE_WORDS[spaceOfActivation(activation)];
  if (st.displayFollowsModel) return `The panel shows the ${shown} first: rerankLens.scoreDisplay is "model", what CrossEncoder.predict returns for this model.`;
  return `The panel shows the ${shown} first (rerankLens.scoreDisplay or the panel's switch); CrossEncoder.predict returns the ${predicts} for this model.`;
}
