# The edge fleet as the console sees it: the fleet file.
target_sources(loopkeeper_core PRIVATE
    fleet/FleetConfig.cpp
    fleet/FleetConfig.h
    fleet/NodeHealthStatus.cpp
    fleet/NodeHealthStatus.h
)
