import Foundation
import Testing

@testable import PrakatApp

/// The one runner chromium and qrencode go through: what it gives back, and that nothing it
/// started outlives a deadline, a cap or a cancelled request.
@Suite("Process runner")
struct ProcessRunnerTests {
    let shell = "/bin/sh"

    /// A fresh file for a script to write a process id into.
    private func pidFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString).pid").path
    }

    /// The id a script wrote, waiting a moment for it to appear.
    private func readPID(_ path: String) async throws -> Int32 {
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(text: "no pid in \(path)")
    }

    struct Failure: Error { var text: String }

    /// Gone, or a zombie that no longer runs (an orphan waits there for its reaper).
    private func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    private func expectGone(_ pid: Int32) async throws {
        // Reparented orphans are killed at once but may take a moment to show as such.
        for _ in 0..<50 where !isGone(pid) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(isGone(pid), "process \(pid) still runs")
    }

    @Test func standardInputInStandardOutputOut() async throws {
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1 << 20)
        let input = Array("ประกาศ สสจ.\n".utf8) + [0, 255]
        #expect(try await runner.run("/bin/cat", arguments: [], input: input) == input)
        #expect(try await runner.run(shell, arguments: ["-c", "printf %s \"$LANG\""]) == Array("C.UTF-8".utf8))
    }

    @Test func aNonZeroExitIsAnError() async {
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1024)
        await #expect(throws: ProcessRunner.Failure.exited(status: 3)) {
            try await runner.run(shell, arguments: ["-c", "echo partial; exit 3"])
        }
        await #expect(throws: ProcessRunner.Failure.signalled(9)) {
            try await runner.run(shell, arguments: ["-c", "kill -9 $$"])
        }
    }

    @Test(arguments: ["/nonexistent/qrencode", "/etc/passwd", "/tmp", ""])
    func aMissingExecutableIsAClearError(_ path: String) async {
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1024)
        await #expect(throws: ProcessRunner.Failure.missingExecutable(path)) {
            try await runner.run(path, arguments: ["-t", "SVG"])
        }
    }

    /// Executable bits on something that is not a program: an error, not a crash.
    @Test func aFileThatIsNotAProgramIsAnError() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1024)
        for _ in 0..<3 {
            do {
                _ = try await runner.run(path, arguments: [], input: Array("x".utf8))
                Issue.record("a broken executable ran")
            } catch {
                switch error {
                case .launchFailed, .exited: break
                default: Issue.record("unexpected \(error)")
                }
            }
        }
    }

    @Test func aDeadlineKillsTheProgram() async throws {
        let file = pidFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let runner = ProcessRunner(timeout: .seconds(1), outputLimit: 1024, grace: .milliseconds(500))
        let started = ContinuousClock.now
        await #expect(throws: ProcessRunner.Failure.timedOut(seconds: 1)) {
            try await runner.run(shell, arguments: ["-c", "echo $$ > '\(file)'; exec sleep 300"])
        }
        #expect(ContinuousClock.now - started < .seconds(120), "the deadline, not the program, ended the run")
        try await expectGone(try await readPID(file))
    }

    /// A program that ignores SIGTERM, and a child it started, are both killed after the grace.
    @Test func aProgramIgnoringSIGTERMAndItsChildrenAreKilled() async throws {
        let main = pidFile(), child = pidFile()
        defer { for file in [main, child] { try? FileManager.default.removeItem(atPath: file) } }
        let runner = ProcessRunner(timeout: .seconds(2), outputLimit: 1024, grace: .milliseconds(500))
        let started = ContinuousClock.now
        await #expect(throws: ProcessRunner.Failure.timedOut(seconds: 2)) {
            try await runner.run(shell, arguments: ["-c", "trap '' TERM; echo $$ > '\(main)'; sleep 300 & echo $! > '\(child)'; wait; sleep 300"])
        }
        // Well before the programs would end by themselves, however late a loaded test run
        // wakes the deadline (25 s has been seen with the whole suite running).
        #expect(ContinuousClock.now - started < .seconds(120), "the deadline, not the program, ended the run")
        try await expectGone(try await readPID(main))
        try await expectGone(try await readPID(child))
    }

    @Test func hugeOutputIsCappedAndTheProgramStopped() async throws {
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 64 * 1024)
        let started = ContinuousClock.now
        await #expect(throws: ProcessRunner.Failure.outputTooLarge(limit: 64 * 1024)) {
            try await runner.run("/usr/bin/yes", arguments: ["ประกาศ"])
        }
        #expect(ContinuousClock.now - started < .seconds(120))
        // Exactly the cap is still fine.
        let exact = try await runner.run("/usr/bin/head", arguments: ["-c", String(64 * 1024), "/dev/zero"])
        #expect(exact.count == 64 * 1024)
    }

    @Test func aCancelledCallerTakesTheProgramDown() async throws {
        let file = pidFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1024, grace: .milliseconds(500))
        let shell = self.shell
        let task = Task { try await runner.run(shell, arguments: ["-c", "echo $$ > '\(file)'; exec sleep 300"]) }
        let pid = try await readPID(file)
        task.cancel()
        _ = await task.result
        try await expectGone(pid)
    }

    /// A program that exits without reading its input (swift-subprocess's own input writer ends
    /// the whole process then), and one stopped at the deadline before it reads.
    @Test func unreadInputIsNotACrash() async throws {
        // Generous: the whole suite runs at once on two cores.
        let runner = ProcessRunner(timeout: .seconds(60), outputLimit: 1024)
        let input = Array(repeating: UInt8(ascii: "A"), count: 4 << 20)
        for _ in 0..<5 {
            #expect(try await runner.run("/bin/true", arguments: [], input: input) == [])
        }
        #expect(try await runner.run("/usr/bin/wc", arguments: ["-c"], input: input) == Array("\(4 << 20)\n".utf8))
        let impatient = ProcessRunner(timeout: .seconds(1), outputLimit: 1024, grace: .milliseconds(200))
        await #expect(throws: ProcessRunner.Failure.timedOut(seconds: 1)) {
            try await impatient.run("/bin/sleep", arguments: ["30"], input: input)
        }
    }
}
