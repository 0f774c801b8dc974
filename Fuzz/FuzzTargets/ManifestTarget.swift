import Foundation
import IAMGateKit
import Manifest

/// stackql-deploy projects as `iamgate check --manifest` reads them. The input is the project: its
/// `stackql_manifest.yml`, then, after each NUL byte, a query file; the first query file is the first resource's
/// (`resources/NAME.iql`, or its `file:`), the second the second resource's, and the last one serves every resource
/// after it. The project is written to a fresh directory and checked as a build and as a teardown, in every report
/// format.
enum ManifestTarget {
    static let externals = [
        "AWS_REGION=us-east-1", "image_arn=arn:aws:imagebuilder:us-east-1:111122223333:image/web-server/1.0.0/1",
    ]

    static func run(_ bytes: [UInt8]) {
        let sections = FuzzInput.sections(bytes)
        guard let manifest = String(validating: sections[0], as: UTF8.self) else { return }
        let workspace = FuzzWorkspace.shared
        let directory = workspace.path("project")
        try? FileManager.default.removeItem(atPath: directory)
        guard
            (try? FileManager.default.createDirectory(
                atPath: directory + "/resources", withIntermediateDirectories: true)) != nil
        else { return }
        FuzzWorkspace.writeFile(Array(manifest.utf8), atPath: directory + "/" + ManifestProject.manifestFileName)
        let queryFiles = sections.dropFirst()
        if !queryFiles.isEmpty, let project = try? ManifestProject.parse(yaml: manifest, directory: directory) {
            for (index, resource) in project.resources.prefix(16).enumerated() {
                let relative = resource.queryFilePath
                // Only paths inside the project: a `file:` value may name any path.
                guard !relative.split(separator: "/").contains(".."), !relative.contains("\0"),
                    relative.utf8.count < 200
                else { continue }
                let text = queryFiles[queryFiles.startIndex + min(index, queryFiles.count - 1)]
                let path = directory + "/" + relative
                try? FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                FuzzWorkspace.writeFile(text, atPath: path)
            }
        }
        for teardown in [false, true] {
            var options = CheckOutputs.options(strict: teardown)
            options.manifest = directory
            options.environment = "dev"
            options.externals = externals
            options.teardown = teardown
            guard let report = try? CheckRunner.run(options) else { continue }
            CheckOutputs.render(report)
        }
    }
}
