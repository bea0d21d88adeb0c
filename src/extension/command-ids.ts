// Command identifiers, defined once (package.json contributes the same ids).
export const Commands = {
  startSession: 'sessionMgmt.startSession',
  checkpoint: 'sessionMgmt.checkpoint',
  endSession: 'sessionMgmt.endSession',
  showStatus: 'sessionMgmt.showStatus',
  storeReflection: 'sessionMgmt.storeReflection',
  storeSelection: 'sessionMgmt.storeSelection',
  searchMemory: 'sessionMgmt.searchMemory',
  searchCurrentFile: 'sessionMgmt.searchCurrentFile',
  searchByConcept: 'sessionMgmt.searchByConcept',
  restartServer: 'sessionMgmt.restartServer',
  showLog: 'sessionMgmt.showLog',
  copyMcpConfig: 'sessionMgmt.copyMcpConfig',
  setServerToken: 'sessionMgmt.setServerToken',
  openMemory: 'sessionMgmt.openMemory',
} as const;
