import { ConnectionStatus } from './ConnectionStatus.tsx';
import { ProviderNotice } from './ProviderNotice.tsx';
import { TalkButton } from './TalkButton.tsx';
import { Transcript } from './Transcript.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Parley</h1>
        <ConnectionStatus />
      </header>
      <ProviderNotice />
      <main className="app-main">
        <Transcript />
      </main>
      <footer className="app-footer">
        <TalkButton />
      </footer>
    </div>
  );
}
