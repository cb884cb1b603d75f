// The score-space settings' values (src/host/spaceSetting.ts): 'model' is the default and valid,
// anything unknown falls back; 'model' stands for the logit until the model's activation is known.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SPACE_SETTING, placeholderSpace, spaceSetting } from '../../../src/host/spaceSetting';

describe('score space settings (issue 15 §3)', () => {
  it("accepts model, logit and probability; anything else falls back", () => {
    for (const v of ['model', 'logit', 'probability'] as const) assert.equal(spaceSetting(v, 'logit'), v);
    for (const v of ['odds', 'Model', '', 1, null, undefined, {}]) assert.equal(spaceSetting(v, 'model'), 'model');
    assert.equal(spaceSetting('odds', 'probability'), 'probability');
  });

  it("'model' reads as the logit until a run says the model's space", () => {
    assert.equal(placeholderSpace('model'), 'logit');
    assert.equal(placeholderSpace('probability'), 'probability');
  });

  it('package.json offers model first, as the default of both settings, with a description per value', () => {
    const props = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum: string[]; default: string; enumDescriptions: string[] }> } } }).contributes.configuration.properties;
    for (const key of ['rerankLens.scoreDisplay', 'rerankLens.defaultThresholdSpace']) {
      assert.deepEqual(props[key].enum, ['model', 'logit', 'probability']);
      assert.equal(props[key].default, DEFAULT_SPACE_SETTING);
      assert.equal(props[key].enumDescriptions.length, 3);
      assert.match(props[key].enumDescriptions[0], /CrossEncoder\.predict/);
    }
  });
});
