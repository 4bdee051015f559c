package io.grove;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Grove's layering: two front ends over one core, formats behind one interface, no package cycles.
 * Main classes only; the tests may reach across.
 */
@AnalyzeClasses(packages = "io.grove", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {"io.grove.model..", "io.grove.scoring..", "io.grove.admission..",
            "io.grove.prediction..", "io.grove.format.."};

    @ArchTest
    static final ArchRule theRestApiDoesNotUseTheInferenceProtocol = noClasses()
            .that().resideInAPackage("io.grove.rest..")
            .should().dependOnClassesThat().resideInAPackage("io.grove.oip..");

    @ArchTest
    static final ArchRule theInferenceProtocolDoesNotUseTheRestApi = noClasses()
            .that().resideInAPackage("io.grove.oip..")
            .should().dependOnClassesThat().resideInAPackage("io.grove.rest..");

    @ArchTest
    static final ArchRule theCoreKnowsNothingOfTheWeb = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.springframework.web..",
                    "org.springframework.http..", "org.apache.catalina..", "org.apache.coyote..", "org.apache.tomcat..",
                    "io.grove.http..", "io.grove.rest..", "io.grove.oip..", "io.grove.security..");

    /** A format is reached only through {@code io.grove.format.ModelFormat}: its package is its own. */
    @ArchTest
    static final ArchRule aFormatIsReachedOnlyThroughItsInterface = noClasses()
            .that(DescribedPredicate.not(insideAFormat()))
            .should().dependOnClassesThat(insideAFormat());

    @ArchTest
    static final ArchRule formatsDoNotUseEachOther = slices().matching("io.grove.format.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.grove.(**)").should().beFreeOfCycles();

    private static DescribedPredicate<JavaClass> insideAFormat() {
        return DescribedPredicate.describe("reside in a format's own package (io.grove.format.<name>..)",
                c -> c.getPackageName().startsWith("io.grove.format."));
    }
}
