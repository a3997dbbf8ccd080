import { onlineManager, type QueryClient } from "@tanstack/react-query";

/**
 * Before this browser's session ends: no background poll (the bell, the Credits card, Credits Left)
 * may run with an ended session and come back 401. Queries pause as if offline and the ones in flight
 * are aborted; `resume` undoes it when signing out did not happen after all.
 */
export async function pausePolling(queryClient: QueryClient): Promise<{ resume: () => void }> {
  onlineManager.setOnline(false);
  await queryClient.cancelQueries();
  return { resume: () => onlineManager.setOnline(true) };
}
