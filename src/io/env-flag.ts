/** Whether an on/off environment variable (CI) is on: set, and not empty, "0" or "false". */
export function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
