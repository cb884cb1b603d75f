// The only place a command id, context key or view type of the extension is spelled (package.json
// declares the same ids; test/unit/host/commandIds.test.ts checks the two agree).
export const COMMANDS = {
  rerankSelection: 'rerankLens.rerankSelection',
  rerankFile: 'rerankLens.rerankFile',
  rerankAgain: 'rerankLens.rerankAgain',
  selectModel: 'rerankLens.selectModel',
  exportResults: 'rerankLens.exportResults',
  clearModelCache: 'rerankLens.clearModelCache',
  showLog: 'rerankLens.showLog',
  rerankFolder: 'rerankLens.rerankFolder',
  openLabelledSet: 'rerankLens.openLabelledSet',
  attachLabels: 'rerankLens.attachLabels',
  exportLabels: 'rerankLens.exportLabels',
  setApiKey: 'rerankLens.setApiKey',
  compareScorers: 'rerankLens.compareScorers',
} as const;

export const CONTEXT_KEYS = { panelOpen: 'rerankLens.panelOpen' } as const;

export const PANEL_VIEW_TYPE = 'rerankLens.panel';
export const STATUS_BAR_ID = 'rerankLens.model';
