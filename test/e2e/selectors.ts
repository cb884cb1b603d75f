// Every selector the end-to-end tests use, in one place. Workbench selectors are VS Code 1.100's
// (code-server 4.100.3); panel selectors come from the webview in media/ (RANK-WEBVIEW's render code:
// media/render/table.ts, controls.ts, header.ts, slopeChart.ts, media/app.ts).

export const workbench = {
  root: '.monaco-workbench',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input.input',
  quickInputRow: (text: string) => `.quick-input-list .monaco-list-row:has-text(${JSON.stringify(text)})`,
  /** A row whose label is exactly `text` (its aria-label may add ", <keybinding>"). */
  quickInputExactRow: (text: string) =>
    `.quick-input-list .monaco-list-row[aria-label=${JSON.stringify(text)}], .quick-input-list .monaco-list-row[aria-label^=${JSON.stringify(text + ',')}]`,
  editorLines: '.editor-instance .monaco-editor .view-lines',
  // The file's own tab: a panel tab titled 'Rerank: Selection in notes.md' also contains the name.
  activeEditorTab: (name: string) => `.tabs-container .tab.active[data-resource-name=${JSON.stringify(name)}]`,
  editorTab: (name: string) => `.tabs-container .tab:has-text(${JSON.stringify(name)})`,
  explorerRow: (name: string) => `.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}], .explorer-folders-view .monaco-list-row:has(.label-name:text-is(${JSON.stringify(name)}))`,
  contextMenuItem: (text: string) => `.context-view .monaco-menu .action-item:has(.action-label:text-is(${JSON.stringify(text)}))`,
  /** Status bar "Ln 3, Col 1 (120 selected)". */
  selectionStatus: '#status\\.editor\\.selection',
  notificationToast: '.notifications-toasts .notification-toast',
  /** The webview iframes VS Code hosts (outer, with the `ready` class once loaded). */
  webviewOuter: 'iframe.webview.ready',
  webviewInner: 'iframe#active-frame',
};

export const panel = {
  app: '#app',
  main: 'main.main',
  status: '.header .status',
  statusDone: '.header .status.phase-done',
  statusError: '.header .status.phase-error',
  errorMessage: '.header .error .error-message',
  queryInput: 'input.query-input',
  queryPicker: 'select.query-picker',
  facts: '.header .facts',
  rows: '.grid-body .grid-row',
  keptRows: '.grid-body .grid-row.kept',
  rowRank: '.rank',
  rowMove: '.move',
  rowOriginal: '.orig',
  rowScorePrimary: '.score-primary',
  rowScoreSecondary: '.score-secondary',
  rowText: '.chunk-text',
  rowId: '.chunk-head .chunk-id',
  rowReveal: 'button.reveal',
  thresholdToggle: '.controls .control:nth-of-type(1) input[type="checkbox"]',
  thresholdRange: 'input[type="range"][aria-label="Threshold"]',
  thresholdNumber: 'input[aria-label="Threshold value"]',
  topKToggle: '.controls .control:nth-of-type(2) input[type="checkbox"]',
  topKRange: 'input[type="range"][aria-label="Top-k"]',
  topKNumber: 'input[aria-label="Top-k value"]',
  counts: '.controls .counts',
  tabTable: '#tab-table',
  tabDiff: '#tab-diff',
  diffPanel: '#panel-diff',
  diffSummary: '.diff-summary',
  diffOriginalItems: '.slope-col.original .slope-item',
  diffRerankedItems: '.slope-col.reranked .slope-item',
  diffMovedItems: '.slope-col.reranked .slope-item.up, .slope-col.reranked .slope-item.down',
  onlyMoved: 'input.only-moved',
};
