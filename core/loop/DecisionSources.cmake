# The learning loop's pure decisions: when to train (trigger policy) and whether a candidate
# replaces the incumbent (regression gate). No I/O, no clock, no torch.
target_sources(loopkeeper_core PRIVATE
    loop/RegressionGate.cpp
    loop/RegressionGate.h
    loop/TriggerPolicy.cpp
    loop/TriggerPolicy.h
)
