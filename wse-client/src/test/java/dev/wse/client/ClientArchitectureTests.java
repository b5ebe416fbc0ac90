package dev.wse.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Architecture rules of the client module.
 */
class ClientArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wse.client");

	@Test
	void clientIsFreeOfSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(this.classes);
	}

	@Test
	void clientDoesNotUseTheEngine() {
		noClasses().should().dependOnClassesThat().resideInAPackage("dev.wse.engine..").check(this.classes);
	}

	@Test
	void internalsDoNotDependOnThePublicApi() {
		noClasses().that()
			.resideInAPackage("dev.wse.client.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.wse.client")
			.check(this.classes);
	}

}
