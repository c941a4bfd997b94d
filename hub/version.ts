/** The hub's version (what `patchbay --version`, /api/health and the MCP server info report). */
export const HUB_VERSION = '0.1.0';
