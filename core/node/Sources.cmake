# The edge node (loopkeeper-node): its routes over a TorchScript classifier, served by HttpFrontEnd.
target_sources(loopkeeper_core PRIVATE
    node/Escalator.cpp
    node/Escalator.h
    node/NodeService.cpp
    node/NodeService.h
    node/SampleStore.cpp
    node/SampleStore.h
)
