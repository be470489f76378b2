/** An account as named in desktop texts: its name, with the environment when it has one. */
export function accountLabel(view: { name: string; env: string }): string {
  return view.env ? `${view.name} (${view.env})` : view.name;
}
