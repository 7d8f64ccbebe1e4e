// Apps Script entry points of the gateway web app.
export function doPost(): unknown {
  return null;
}
