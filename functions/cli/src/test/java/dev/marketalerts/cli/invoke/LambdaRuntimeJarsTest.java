package dev.marketalerts.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LambdaRuntimeJarsTest {

    @ParameterizedTest(name = "{0} {1} musl={2}")
    @CsvSource({
        "Linux,    amd64,   false, libaws-lambda-jni.linux-x86_64.so",
        "Linux,    x86_64,  false, libaws-lambda-jni.linux-x86_64.so",
        "Linux,    aarch64, false, libaws-lambda-jni.linux-aarch_64.so",
        "Linux,    amd64,   true,  libaws-lambda-jni.linux_musl-x86_64.so",
        "Linux,    aarch64, true,  libaws-lambda-jni.linux_musl-aarch_64.so",
    })
    void theJniLibraryIsTheOneTheRuntimeClientShipsForThePlatform(String os, String arch, boolean musl, String expected)
            throws IOException {
        assertThat(LambdaRuntimeJars.nativeLibraryName(os, arch, musl)).contains(expected);
        assertThat(runtimeClientJniLibraries()).contains(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"Mac OS X, aarch64", "Windows 11, amd64", "Linux, ppc64le", "Linux, s390x"})
    void aPlatformTheRuntimeClientHasNoLibraryForGetsNone(String os, String arch) {
        assertThat(LambdaRuntimeJars.nativeLibraryName(os, arch, false)).isEmpty();
    }

    /** The file names under jni/ in the runtime client jar the build bundles. */
    private static List<String> runtimeClientJniLibraries() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream jar = LambdaRuntimeJars.class.getClassLoader()
                .getResourceAsStream(LambdaRuntimeJars.RESOURCE_DIR + LambdaRuntimeJars.JARS.get(0));
             ZipInputStream zip = new ZipInputStream(jar)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().startsWith("jni/") && !e.isDirectory()) {
                    names.add(e.getName().substring("jni/".length()));
                }
            }
        }
        return names;
    }
}
