# Curve health (pure analysis of metric histories) and the `analyze` CLI command.
target_sources(loopkeeper_core PRIVATE
    analysis/CurveHealth.cpp
    analysis/CurveHealth.h
    analysis/MetricHistoryParser.cpp
    analysis/MetricHistoryParser.h
    cli/AnalyzeCommands.cpp
)
