package dev.wse.bench.jmh;

import java.io.IOException;
import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the WSE JMH benchmarks from the module class path. Accepts the JMH command line: a
 * regular expression selects benchmarks (all of {@code dev.wse.bench.jmh} by default) and
 * options such as {@code -f}, {@code -wi}, {@code -i}, {@code -prof gc} or
 * {@code -rf json} override the short defaults the benchmarks declare (1 fork, 3 x 1 s
 * warmup, 5 x 1 s measurement); {@code -l} lists the benchmarks and {@code -h} the
 * options. A benchmark that throws fails the run, and so does a selection that matches
 * nothing.
 * <p>
 * Usage: {@code java -cp ... dev.wse.bench.jmh.JmhMain [regex] [jmh options]}
 */
public final class JmhMain {

	private static final String ALL = "dev\\.wse\\.bench\\.jmh\\..*";

	private JmhMain() {
	}

	/**
	 * Run the selected benchmarks.
	 * @param args a JMH command line
	 * @throws RunnerException if a benchmark fails
	 * @throws CommandLineOptionException if the command line is not valid
	 * @throws IOException if the help cannot be printed
	 */
	public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
		CommandLineOptions commandLine = new CommandLineOptions(args);
		if (commandLine.shouldHelp()) {
			commandLine.showHelp();
			return;
		}
		OptionsBuilder options = new OptionsBuilder();
		options.parent(commandLine);
		if (commandLine.getIncludes().isEmpty()) {
			options.include(ALL);
		}
		if (!commandLine.shouldFailOnError().hasValue()) {
			options.shouldFailOnError(true);
		}
		Runner runner = new Runner(options.build());
		if (commandLine.shouldList()) {
			runner.list();
			return;
		}
		Collection<RunResult> results = runner.run();
		if (results.isEmpty()) {
			throw new RunnerException("No benchmark matched " + String.join(" ", args));
		}
	}

}
