/** "1 turn", "3 turns": a conversation's length as the history list says it. */
export function turnsText(count: number): string {
  return `${count} ${count === 1 ? 'turn' : 'turns'}`;
}

/** What the history says when a search found nothing (or, without one, when there is nothing). */
export function emptyHistoryText(query: string): string {
  const q = query.trim();
  return q === '' ? 'No conversations yet.' : `No conversation mentions “${q}”.`;
}

/** What a screen reader hears once a search's answer is shown. */
export function foundText(query: string, count: number): string {
  if (query.trim() === '') return '';
  return count === 1 ? '1 conversation found.' : `${count} conversations found.`;
}
