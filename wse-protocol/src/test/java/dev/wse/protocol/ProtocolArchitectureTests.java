package dev.wse.protocol;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ProtocolArchitectureTests {

	private static final JavaClasses PROTOCOL = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wse.protocol");

	@Test
	void protocolDoesNotDependOnSpring() {
		noClasses().that()
			.resideInAPackage("dev.wse.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(PROTOCOL);
	}

	@Test
	void protocolDoesNotDependOnEngineOrClient() {
		noClasses().that()
			.resideInAPackage("dev.wse.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.wse.engine..", "dev.wse.client..")
			.check(PROTOCOL);
	}

	@Test
	void protocolPackagesHaveNoCycles() {
		slices().assignedFrom(new EachPackage()).should().beFreeOfCycles().check(PROTOCOL);
	}

	/**
	 * One slice per package, the root package included.
	 */
	private static final class EachPackage implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String packageName = javaClass.getPackageName();
			return packageName.startsWith("dev.wse.protocol") ? SliceIdentifier.of(packageName)
					: SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "packages of dev.wse.protocol";
		}

	}

}
