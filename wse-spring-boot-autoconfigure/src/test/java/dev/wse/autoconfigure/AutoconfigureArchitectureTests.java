package dev.wse.autoconfigure;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules for the auto-configuration module (production classes only).
 *
 * @author WSE team
 */
@AnalyzeClasses(packages = { "dev.wse.spring", "dev.wse.autoconfigure" },
		importOptions = ImportOption.DoNotIncludeTests.class)
class AutoconfigureArchitectureTests {

	@ArchTest
	static final ArchRule autoConfigurationsArePublicAndFinal = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.bePublic()
		.andShould()
		.haveModifier(JavaModifier.FINAL)
		.andShould()
		.resideInAPackage("dev.wse.autoconfigure..");

	@ArchTest
	static final ArchRule beanMethodsAreNotPublic = methods().that()
		.areAnnotatedWith(Bean.class)
		.should()
		.notBePublic();

	@ArchTest
	static final ArchRule postProcessorBeanMethodsAreStatic = methods().that()
		.areAnnotatedWith(Bean.class)
		.and()
		.haveRawReturnType(assignableTo(BeanPostProcessor.class).or(assignableTo(BeanFactoryPostProcessor.class))
			.or(assignableTo(SmartInitializingSingleton.class)))
		.should()
		.beStatic();

	@ArchTest
	static final ArchRule adaptersDoNotDependOnAutoConfiguration = noClasses().that()
		.resideInAPackage("dev.wse.spring..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.wse.autoconfigure..");

	@ArchTest
	static final ArchRule engineInternalsAreNotUsed = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("dev.wse.engine.internal..");

	@ArchTest
	static final ArchRule autoConfigurationsAreNotComponentScanned = noClasses().that()
		.resideInAPackage("dev.wse.autoconfigure..")
		.should()
		.beAnnotatedWith(org.springframework.stereotype.Component.class)
		.orShould()
		.beAnnotatedWith(org.springframework.context.annotation.ComponentScan.class);

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("dev.wse.(**)").should().beFreeOfCycles();

}
