/** After the last words heard of a reply the user cut short. */
export function InterruptedMark() {
  return (
    <span className="bubble-mark" data-testid="interrupted-mark">
      {' '}
      — interrupted
    </span>
  );
}
