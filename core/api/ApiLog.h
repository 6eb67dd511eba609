#pragma once

#include <QLoggingCategory>

/// Requests, listening and protocol problems of the REST API and the MCP server
/// ("loopkeeper.api"; debug with --verbose).
Q_DECLARE_LOGGING_CATEGORY(lcApi)
