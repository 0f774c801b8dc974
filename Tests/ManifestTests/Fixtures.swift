import Foundation

/// The stackql-deploy projects under `fixtures/manifests/`, found from this file's path.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The directory of fixture project `name`.
    static func project(_ name: String) -> String {
        root.appendingPathComponent("fixtures/manifests/\(name)").path
    }
}
