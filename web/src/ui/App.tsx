import { useState } from 'react';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { CostBadge } from './CostBadge.tsx';
import { DebugPanelSlot, useDebugPanel } from './DebugToggle.tsx';
import { History } from './History.tsx';
import { ProviderNotice } from './ProviderNotice.tsx';
import { TalkButton } from './TalkButton.tsx';
import { TokenPrompt } from './TokenPrompt.tsx';
import { Transcript } from './Transcript.tsx';
import { TypeBox } from './TypeBox.tsx';

export function App() {
  const [showHistory, setShowHistory] = useState(false);
  const [showDebug, setShowDebug] = useDebugPanel();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Parley</h1>
        <div className="header-right">
          <CostBadge />
          <ConnectionStatus />
          <button
            type="button"
            className="header-button"
            data-testid="debug-button"
            aria-expanded={showDebug}
            title="Latency debug panel (Ctrl+Shift+D)"
            onClick={() => setShowDebug(!showDebug)}
          >
            ⏱
          </button>
          <button
            type="button"
            className="header-button"
            data-testid="history-button"
            aria-expanded={showHistory}
            onClick={() => setShowHistory((v) => !v)}
          >
            History
          </button>
        </div>
      </header>
      <ProviderNotice />
      <TokenPrompt />
      <main className="app-main">
        {showHistory ? <History onClose={() => setShowHistory(false)} /> : <Transcript />}
        <DebugPanelSlot open={showDebug} onClose={() => setShowDebug(false)} />
      </main>
      <footer className="app-footer">
        <TypeBox />
        <TalkButton />
      </footer>
    </div>
  );
}
