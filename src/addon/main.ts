// Apps Script entry points of the add-on. Kept tiny: each export becomes a top-level global in
// build/addon/Code.js (see src/local/tools/build.mjs); the work happens in the modules they call.
export function onHomepage(): unknown {
  return [];
}
