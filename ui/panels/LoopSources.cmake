# The Samples & Models panel's wording of the learning loop (statuses, times, rates and the
# gate report as HTML), kept apart from the panel's layout and wiring.
target_sources(loopkeeper_ui PRIVATE
    panels/LoopText.cpp
    panels/LoopText.h
)
