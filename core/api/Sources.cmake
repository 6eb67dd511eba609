# The engine's faces for agents: the REST API (Qt HttpServer, in a thread of its own; its routes
# in one table, RestRoutes) and the MCP server over stdio, both over the modules' query services;
# and their CLI commands.
find_package(Qt6 REQUIRED COMPONENTS HttpServer)
target_sources(loopkeeper_core PRIVATE
    api/ApiLog.h
    api/HttpFrontEnd.cpp
    api/HttpFrontEnd.h
    api/McpServer.cpp
    api/McpServer.h
    api/RestApi.cpp
    api/RestApi.h
    api/RestRoutes.cpp
    api/RestRoutes.h
    api/TrainingApiServer.cpp
    api/TrainingApiServer.h
    cli/ApiCommands.cpp
)
target_link_libraries(loopkeeper_core PUBLIC Qt6::HttpServer)
