import { deleteNote, listNotes } from '../../net/tools-api.ts';
import { noteRows } from './tool-lists.ts';
import { ToolItems } from './ToolItems.tsx';
import { useToolList } from './use-tool-list.ts';
import { useIntl } from 'react-intl';

const load = async (signal: AbortSignal) => (await listNotes(signal)).notes;

/** Settings' "Remembered for you": what the assistant keeps for the user, each with Forget. */
export function NotesSection() {
  const intl = useIntl();
  const t = (id: 'notes.heading' | 'notes.hint' | 'notes.empty' | 'notes.forget') =>
    intl.formatMessage({ id });
  const list = useToolList(load, deleteNote);
  return (
    <section className="settings-section" aria-labelledby="notes-heading">
      <h3 id="notes-heading">{t('notes.heading')}</h3>
      <p className="field-hint">{t('notes.hint')}</p>
      <ToolItems
        rows={list.items ? noteRows(intl, list.items) : null}
        error={list.error}
        empty={t('notes.empty')}
        removeLabel={t('notes.forget')}
        onRemove={list.remove}
        testId="note-list"
      />
    </section>
  );
}
