// The Manage Access button asks for the table to take focus once it has rendered; a link that
// opens the page on the table directly does not move focus.
let isFocusRequested = false;

export function requestAccessTableFocus(): void {
  isFocusRequested = true;
}

/** True once after a request (then cleared). */
export function takeAccessTableFocusRequest(): boolean {
  const requested = isFocusRequested;
  isFocusRequested = false;
  return requested;
}
