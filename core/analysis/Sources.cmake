# Curve health (pure analysis of metric histories).
target_sources(loopkeeper_core PRIVATE
    analysis/CurveHealth.cpp
    analysis/CurveHealth.h
    analysis/MetricHistoryParser.cpp
    analysis/MetricHistoryParser.h
)
