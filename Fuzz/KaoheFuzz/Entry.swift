import CFuzzDriver
import Foundation

nonisolated(unsafe) let testOneInput: KaoheFuzzCallback = { data, size in
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    target.run(bytes)
    return 0
}

@_cdecl("KaoheFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let args = (0..<Int(argc)).map { String(cString: argv[$0]!) }
    guard args.count >= 2, let chosen = FuzzTarget(rawValue: args[1]) else {
        FileHandle.standardError.write(Data("usage: KaoheFuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [flags] [corpus…]\n".utf8))
        return 64
    }
    target = chosen
    // libFuzzer, when this program was built with -sanitize=fuzzer; otherwise replay the files.
    // The target's name is dropped from the arguments libFuzzer sees.
    var count = argc - 1
    var rest: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
    rest![0] = argv[0]
    let code = kaohe_run_fuzzer(&count, &rest, testOneInput)
    return code == -1 ? replay(Array(args.dropFirst(2))) : code
}

/// Runs every file given (folders: every file in them) once; a trap ends the program.
func replay(_ paths: [String]) -> Int32 {
    var files: [String] = []
    for p in paths {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { continue }
        if isDir.boolValue {
            files += ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).sorted().map { p + "/" + $0 }
        } else {
            files.append(p)
        }
    }
    for f in files {
        guard let data = FileManager.default.contents(atPath: f) else { continue }
        target.run(Array(data))
    }
    print("replayed \(files.count) inputs for \(target.rawValue)")
    return 0
}
