# The engine's faces for agents: the REST API served by a real `loopkeeper-cli serve` (queried
# with curl), the MCP server driven over pipes with raw JSON-RPC, and the official MCP
# TypeScript SDK as a client (tests/mcp; needs node and npm, and the npm registry once).
loopkeeper_add_test(tst_rest_api LIBS loopkeeper_core LABELS api)
add_dependencies(tst_rest_api loopkeeper-cli)
# Hostile input against a real `serve` and the CLI: the limits of docs/limits.md.
loopkeeper_add_test(tst_hardening LIBS loopkeeper_core LABELS api)
add_dependencies(tst_hardening loopkeeper-cli)
loopkeeper_add_test(tst_mcp LIBS loopkeeper_core LABELS api)
add_dependencies(tst_mcp loopkeeper-cli)

# npm ci runs in a copy in the build tree, so that the source tree gets no node_modules.
add_test(NAME mcp_sdk_client
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/mcp/run-client.sh
            ${CMAKE_CURRENT_SOURCE_DIR}/mcp ${CMAKE_CURRENT_BINARY_DIR}/mcp-client ${PROJECT_BINARY_DIR}/bin/loopkeeper-cli)
set_tests_properties(mcp_sdk_client PROPERTIES LABELS api TIMEOUT 600)
# The query layer: the modules' query services (defaults, bounds, order, pages), the same
# answers through the CLI, a real `serve` and `mcp`, and the one REST route table.
loopkeeper_add_test(tst_queries LIBS loopkeeper_core LABELS "api;cli")
add_dependencies(tst_queries loopkeeper-cli)
