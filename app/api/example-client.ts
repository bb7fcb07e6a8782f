// The example client of docs/examples, shown on the reference page as it is in the repository (and run by
// the API's integration test, so the page never shows an example that does not work).
import source from "../../docs/examples/pull-dossiers.mjs?raw";

export const EXAMPLE_CLIENT: string = source;
