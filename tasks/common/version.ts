/** Version written into every report; kept in step with vss-extension.json by a packaging test. */
export const TOOL_VERSION = '1.1.0';
