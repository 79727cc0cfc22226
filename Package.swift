// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Kaohe",
    products: [
        .executable(name: "kaohe", targets: ["kaohe"]),
        .library(name: "KaoheReader", targets: ["KaoheReader"]),
        .library(name: "KaoheWriter", targets: ["KaoheWriter"]),
        .library(name: "KaoheScoring", targets: ["KaoheScoring"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, linked through pkg-config. Only KaoheReader imports CLibZip;
        // only KaoheWriter imports CXlsxWriter.
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

        // the one C function Swift cannot call itself (prctl is variadic), for KaoheSystem.
        .target(name: "CKaoheSystem"),
        // every libc call, in one internal file (Syscalls.swift), with a test seam (Mocking.swift,
        // debug builds): files, processes, signals, shared memory, threads. No Foundation.
        .target(name: "KaoheSystem", dependencies: ["CKaoheSystem"],
                swiftSettings: [.define("KAOHE_MOCKING", .when(configuration: .debug))]),

        // zip + sheet XML → typed cells, streamed.
        .target(name: "KaoheReader", dependencies: ["CLibZip", "KaoheFormat", "KaoheSystem"]),
        // what every stage shares about numbers: a column's format (ColumnFormat), decimals read
        // from their memory (DecimalLayout), half-up rounding, formatting and strict parsing of
        // decimals, and text folding (DecimalSupport). No I/O, no other target.
        .target(name: "KaoheFormat"),
        // report model → libxlsxwriter.
        .target(name: "KaoheWriter", dependencies: ["CXlsxWriter", "KaoheFormat", "KaoheSystem"]),
        // pure decimal scoring: no I/O.
        .target(name: "KaoheScoring", dependencies: ["KaoheFormat"]),
        // the job language (job and registry files, periods, file names, the bulletin's fields as
        // written) and binding a workbook's sheets to a job's tables.
        .target(name: "KaoheJobs", dependencies: ["KaoheReader", "KaoheFormat", "KaoheScoring", "KaoheSystem", "Yams"]),
        // a job's run: its bound tables scored, the roll-up (总表), the annual roll-up and the
        // bulletin's fields filled in. Pure but for reading the workbooks it binds.
        .target(name: "KaoheAssessment", dependencies: ["KaoheJobs", "KaoheReader", "KaoheFormat", "KaoheScoring", "KaoheSystem"]),

        // the bulletin as a Word document (.docx: WordprocessingML parts zipped by ZIPFoundation).
        .target(name: "KaoheDocument", dependencies: ["KaoheFormat", "KaoheSystem", "KaoheWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),

        // the report sheets (cover, tables, 总表, charts, 通报, audit; templates; the bulletin's document), from a job's results.
        .target(name: "KaoheReport", dependencies: ["KaoheFormat", "KaoheAssessment", "KaoheJobs", "KaoheScoring", "KaoheWriter", "KaoheDocument"]),

        // `kaohe draft`: a job and registry drafted from sample or published workbooks.
        .target(name: "KaoheDraft", dependencies: ["KaoheFormat", "KaoheAssessment", "KaoheJobs", "KaoheReader", "KaoheScoring"]),

        // the nightly runner: folders, claim/archive, lock, ledger (SQLite), reports. Its test hooks
        // (a crash point, a workbook that traps or hangs) are read from the environment in debug builds only.
        .target(name: "KaoheRunner", dependencies: [
            "KaoheSystem", "KaoheFormat", "KaoheJobs", "KaoheAssessment", "KaoheReport", "KaoheReader", "KaoheWriter", "KaoheScoring", "KaoheDocument",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: [.define("KAOHE_MOCKING", .when(configuration: .debug))]),

        .executableTarget(
            name: "kaohe",
            dependencies: [
                "KaoheReader", "KaoheWriter", "KaoheScoring", "KaoheJobs", "KaoheAssessment", "KaoheReport", "KaoheRunner", "KaoheDraft", "KaoheSystem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmarks (bench/*.sh): not part of the product.
        .executableTarget(name: "kaohe-writer-bench", dependencies: ["KaoheWriter", "KaoheFormat"], path: "Benchmarks/WriterBench"),
        .executableTarget(name: "kaohe-reader-bench", dependencies: ["KaoheReader"], path: "Benchmarks/ReaderBench"),
        // Fuzz targets (scripts/fuzz builds them with -sanitize=fuzzer,address; built plainly they replay inputs).
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .executableTarget(name: "KaoheFuzz", dependencies: ["CFuzzDriver", "KaoheReader", "KaoheJobs", "KaoheScoring", "KaoheDraft"], path: "Fuzz/KaoheFuzz"),

        // What the test targets share (the repository's paths, seed tables, sheets read back).
        .target(name: "KaoheTestSupport", dependencies: ["KaoheReader"], path: "Tests/KaoheTestSupport"),
        .testTarget(name: "KaoheReaderTests", dependencies: ["KaoheReader", "KaoheTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "KaoheScoringTests", dependencies: [
                        "KaoheScoring", "KaoheFormat", "KaoheTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
                    exclude: ["Seeds"]),
        .testTarget(name: "KaoheWriterTests", dependencies: ["KaoheWriter", "KaoheReader", "KaoheFormat", "KaoheScoring", "KaoheTestSupport"]),
        .testTarget(name: "KaoheJobsTests", dependencies: ["KaoheJobs", "KaoheAssessment", "KaoheFormat", "KaoheReport", "KaoheReader", "KaoheScoring", "KaoheWriter", "KaoheDocument", "KaoheTestSupport",
                                                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KaoheDraftTests", dependencies: ["KaoheDraft", "KaoheAssessment", "KaoheJobs", "KaoheScoring", "KaoheTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "KaoheRunnerTests", dependencies: ["KaoheRunner", "KaoheSystem", "KaoheJobs", "KaoheAssessment", "KaoheReport", "KaoheReader", "KaoheWriter", "kaohe", "KaoheTestSupport",
                                                             .product(name: "GRDB", package: "GRDB.swift"),
                                                             .product(name: "Logging", package: "swift-log"),
                                                             .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["Fixtures"],
                    swiftSettings: [.define("KAOHE_MOCKING", .when(configuration: .debug))]),
    ],
    swiftLanguageModes: [.v6]
)
