import CBundledData

/// The data compiled into the iamgate binary, so that one file runs anywhere: the operation catalog
/// (`catalog/<resource id>.json`, from `policies/catalog`) and the AWS service reference
/// (`service-reference/<prefix>.json`, `_global.json`, `_source.json`). `scripts/bundle-data.py` writes the index.
public enum BundledData {
    /// The bytes of the bundled file at `path` (e.g. `service-reference/imagebuilder.json`); nil when there is none.
    /// The bytes live as long as the process.
    public static func file(_ path: String) -> UnsafeRawBufferPointer? {
        guard !path.utf8.contains(0) else { return nil }
        let entries = entries
        var low = 0
        var high = entries.count - 1
        let wanted = Array(path.utf8) + [0]
        while low <= high {
            let middle = (low + high) / 2
            let entry = entries[middle]
            let order = wanted.withUnsafeBufferPointer { compare(entry.path, $0) }
            if order == 0 { return UnsafeRawBufferPointer(start: entry.bytes, count: Int(entry.length)) }
            if order < 0 { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// The names of the bundled files in `folder` (e.g. `catalog`), sorted: `awscc.imagebuilder.images.json`, ….
    public static func names(in folder: String) -> [String] {
        let prefix = folder + "/"
        return entries.compactMap { entry in
            let path = String(cString: entry.path)
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }
    }

    /// The commit the binary was built from (`make` stamps it; `-dirty` when the work tree had changes), or nil for
    /// a build without the stamp.
    public static let buildCommit: String? = {
        let commit = String(cString: iamgate_build_commit())
        return commit.isEmpty ? nil : commit
    }()

    /// The index: constant data in the binary, so reading it each time costs one call.
    private static var entries: UnsafeBufferPointer<iamgate_bundled_file> {
        var count: UInt = 0
        let start = iamgate_bundled_files(&count)
        return UnsafeBufferPointer(start: start, count: Int(count))
    }
}

/// `strcmp` without importing the C library module here: a NUL-terminated C string and NUL-terminated bytes,
/// compared byte by byte, unsigned.
private func compare(_ left: UnsafePointer<CChar>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
    var index = 0
    while true {
        let a = UInt8(bitPattern: left[index])
        let b = right[index]
        if a != b { return a < b ? -1 : 1 }
        if a == 0 { return 0 }
        index += 1
    }
}
