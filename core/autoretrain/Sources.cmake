target_sources(loopkeeper_core PRIVATE
    autoretrain/DatasetExporter.cpp
    autoretrain/DatasetExporter.h
    autoretrain/DatasetSplit.cpp
    autoretrain/DatasetSplit.h
    autoretrain/PromotionGuard.cpp
    autoretrain/PromotionGuard.h
    autoretrain/TranscriptReader.cpp
    autoretrain/TranscriptReader.h
    cli/DatasetCommands.cpp
)
