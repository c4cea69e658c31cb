import { deleteNote, listNotes } from '../../net/tools-api.ts';
import { noteRows } from './tool-lists.ts';
import { ToolItems } from './ToolItems.tsx';
import { useToolList } from './use-tool-list.ts';

const load = async (signal: AbortSignal) => (await listNotes(signal)).notes;

/** Settings' "Remembered for you": what the assistant keeps for the user, each with Forget. */
export function NotesSection() {
  const list = useToolList(load, deleteNote);
  return (
    <section className="settings-section" aria-labelledby="notes-heading">
      <h3 id="notes-heading">Remembered for you</h3>
      <p className="field-hint">
        What you asked it to remember (“remember that my sister’s name is Anna”), known in every
        conversation: ask “what is my sister’s name?”, or say “forget that” to take the last one
        back. Only you see them.
      </p>
      <ToolItems
        rows={list.items ? noteRows(list.items) : null}
        error={list.error}
        empty="Nothing yet."
        removeLabel="Forget"
        onRemove={list.remove}
        testId="note-list"
      />
    </section>
  );
}
