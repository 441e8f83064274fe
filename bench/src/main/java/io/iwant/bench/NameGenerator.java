package io.iwant.bench;

import java.util.Random;

/**
 * Real-looking shared file paths, generated deterministically from a seed after the patterns people's disks are
 * full of: release-style film and series names, office documents, Debian/source/Python packages, camera and phone
 * photos, and music, each in the kind of folder it usually sits in.
 */
final class NameGenerator {
    private static final String[] WORDS = ("silent river broken arrow dark city last summer golden hour lost empire "
            + "iron heart blue moon red planet black swan white noise crimson tide hidden valley frozen lake "
            + "wild horses burning bridge secret garden northern lights deep water falling star midnight train "
            + "paper tiger glass house stone age distant shore shadow play open road quiet storm electric dreams "
            + "fallen angel savage kingdom perfect stranger lonely planet broken crown endless night silver lining "
            + "bitter harvest bright future cold case final chapter fire walk hollow point inner circle jade "
            + "emperor killing field little women mountain king neon desert ocean drive pale rider quantum leap "
            + "rogue nation scarlet letter thunder road urban legend velvet underground winter soldier yellow "
            + "submarine zero hour atlantic crossing bamboo forest canyon echo dragon fly emerald city falcon "
            + "ridge granite peak harbor lights island fever jungle book lantern festival marble arch nomad "
            + "orchard pioneer spirit raven song sahara tempest tundra voyager wander lust")
            .split(" ");
    private static final String[] SHOWS = {"Silicon Valley", "Breaking Bad", "The Wire", "Better Call Saul",
        "Mad Men", "The Office", "Parks and Recreation", "Stranger Things", "The Crown", "Dark", "Fargo",
        "True Detective", "Game of Thrones", "The Expanse", "Westworld", "Succession", "Severance", "Chernobyl",
        "The Mandalorian", "Black Mirror", "Sherlock", "Doctor Who", "Twin Peaks", "The Sopranos", "Lost",
        "House of Cards", "Ozark", "Narcos", "Mindhunter", "The Leftovers", "Halt and Catch Fire", "Band of Brothers",
        "Peaky Blinders", "Line of Duty", "The Bear", "Atlanta", "Barry", "Veep", "Deadwood", "Rome"};
    private static final String[] ARTISTS = {"Pink Floyd", "Radiohead", "Daft Punk", "Miles Davis", "Nina Simone",
        "The Beatles", "Led Zeppelin", "Bjork", "Massive Attack", "Portishead", "Aphex Twin", "Kraftwerk",
        "David Bowie", "Fleetwood Mac", "Joni Mitchell", "Johnny Cash", "Amy Winehouse", "Arcade Fire",
        "Beach House", "Bon Iver", "Boards of Canada", "Sigur Ros", "Nick Drake", "Tom Waits", "Leonard Cohen",
        "Al Green", "Aretha Franklin", "Stevie Wonder", "Marvin Gaye", "Talking Heads"};
    private static final String[] TOPICS = {"Quarterly", "Annual", "Budget", "Marketing", "Sales", "Project",
        "Meeting", "Board", "Research", "Product", "Engineering", "Security", "Hiring", "Customer", "Vendor",
        "Travel", "Training", "Strategy", "Roadmap", "Incident", "Audit", "Tax", "Insurance", "Lease", "Invoice"};
    private static final String[] DOC_KINDS = {"Report", "Notes", "Plan", "Review", "Summary", "Proposal",
        "Minutes", "Forecast", "Analysis", "Checklist", "Guidelines", "Presentation", "Contract", "Statement"};
    private static final String[] DOC_EXT = {"pdf", "docx", "xlsx", "pptx", "odt", "txt", "md"};
    private static final String[] PACKAGES = {"foo", "bar", "ssl", "curl", "xml2", "png", "jpeg", "zstd", "lz4",
        "sqlite3", "pq", "yaml", "json-c", "uv", "event", "ffi", "gmp", "mpfr", "readline", "ncurses", "pcre2",
        "boost-system", "protobuf", "grpc", "rocksdb", "snappy", "icu", "harfbuzz", "freetype", "cairo", "gtk-3",
        "qt5core", "opencv", "numpy", "pandas", "requests", "django", "flask", "pytest", "tensorflow"};
    private static final String[] ARCHES = {"amd64", "arm64", "i386", "armhf", "all"};
    private static final String[] RES = {"720p", "1080p", "2160p", "480p"};
    private static final String[] SOURCES = {"BluRay", "WEB-DL", "WEBRip", "HDTV", "DVDRip", "BDRip"};
    private static final String[] CODECS = {"x264", "x265", "H264", "HEVC", "XviD"};
    private static final String[] GROUPS = {"SPARKS", "RARBG", "YTS", "NTb", "FLUX", "GalaxyRG", "AMIABLE", "DON"};
    private static final String[] VIDEO_EXT = {"mkv", "mp4", "avi"};
    private static final String[] MUSIC_EXT = {"mp3", "flac", "ogg", "m4a"};

    private final Random random;

    NameGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The next path, e.g. "TV/Breaking Bad/Season 2/Breaking.Bad.S02E05.720p.HDTV.x264.mkv". */
    String next() {
        int kind = random.nextInt(100);
        if (kind < 20) {
            return film();
        } else if (kind < 40) {
            return episode();
        } else if (kind < 55) {
            return document();
        } else if (kind < 67) {
            return pkg();
        } else if (kind < 85) {
            return photo();
        }
        return song();
    }

    private String film() {
        String title = title(2 + random.nextInt(3));
        int year = 1950 + random.nextInt(75);
        if (random.nextInt(4) == 0) {
            return "Movies/" + title + " (" + year + ")/" + title + " (" + year + ")." + pick(VIDEO_EXT);
        }
        return "Movies/" + title.replace(' ', '.') + "." + year + "." + pick(RES) + "." + pick(SOURCES) + "."
                + pick(CODECS) + "-" + pick(GROUPS) + "." + pick(VIDEO_EXT);
    }

    private String episode() {
        String show = pick(SHOWS);
        int season = 1 + random.nextInt(8);
        int episode = 1 + random.nextInt(13);
        String dir = "TV/" + show + "/Season " + season + "/";
        if (random.nextInt(3) == 0) {
            return dir + show + " - " + season + "x" + two(episode) + " - " + title(1 + random.nextInt(3)) + "."
                    + pick(VIDEO_EXT);
        }
        return dir + show.replace(' ', '.') + ".S" + two(season) + "E" + two(episode) + "." + pick(RES) + "."
                + pick(SOURCES) + "." + pick(CODECS) + "." + pick(VIDEO_EXT);
    }

    private String document() {
        int year = 2005 + random.nextInt(20);
        String dir = "Documents/" + (random.nextBoolean() ? "Work" : "Personal") + "/" + year + "/";
        return switch (random.nextInt(4)) {
            case 0 -> dir + pick(TOPICS) + "_" + pick(DOC_KINDS) + "_" + year + "_v" + (1 + random.nextInt(5)) + "."
                    + pick(DOC_EXT);
            case 1 -> dir + pick(TOPICS) + " " + pick(DOC_KINDS) + " " + date("-") + "." + pick(DOC_EXT);
            case 2 -> dir + pick(TOPICS) + "-" + pick(DOC_KINDS).toLowerCase() + "-" + capital(pick(WORDS)) + "-"
                    + (100 + random.nextInt(9900)) + "." + pick(DOC_EXT);
            default -> dir + capital(pick(WORDS)) + capital(pick(WORDS)) + pick(DOC_KINDS) + "Final"
                    + (random.nextBoolean() ? "" : "_" + (2 + random.nextInt(4))) + "." + pick(DOC_EXT);
        };
    }

    private String pkg() {
        String name = pick(PACKAGES);
        String version = (random.nextInt(4)) + "." + random.nextInt(30) + "." + random.nextInt(20);
        return switch (random.nextInt(4)) {
            case 0 -> "Downloads/debs/lib" + name + (random.nextBoolean() ? "-dev" : "") + "_" + version + "-"
                    + (1 + random.nextInt(4)) + "_" + pick(ARCHES) + ".deb";
            case 1 -> "src/tarballs/" + name + "-" + version + (random.nextBoolean() ? ".tar.gz" : ".tar.xz");
            case 2 -> "Downloads/wheels/" + name.replace('-', '_') + "-" + version + "-py3-none-any.whl";
            default -> "Downloads/rpms/" + name + "-" + version + "-" + (1 + random.nextInt(3)) + ".el9.x86_64.rpm";
        };
    }

    private String photo() {
        String day = date("");
        String dir = "Pictures/" + day.substring(0, 4) + "/" + day.substring(4, 6) + "/";
        return switch (random.nextInt(4)) {
            case 0 -> dir + "IMG_" + day + "_" + clock("") + ".jpg";
            case 1 -> dir + "DSC" + String.format("%05d", random.nextInt(100_000)) + ".JPG";
            case 2 -> dir + "PXL_" + day + "_" + clock("") + String.format("%03d", random.nextInt(1000)) + ".jpg";
            default -> "Pictures/Screenshots/Screenshot " + date("-") + " at " + clock(".") + ".png";
        };
    }

    private String song() {
        String artist = pick(ARTISTS);
        String album = title(1 + random.nextInt(3));
        String song = title(1 + random.nextInt(4));
        String dir = "Music/" + artist + "/" + album + "/";
        return switch (random.nextInt(3)) {
            case 0 -> dir + two(1 + random.nextInt(14)) + " - " + song + "." + pick(MUSIC_EXT);
            case 1 -> dir + artist + " - " + song + "." + pick(MUSIC_EXT);
            default -> dir + artist + " - " + album + " - " + two(1 + random.nextInt(14)) + " - " + song + "."
                    + pick(MUSIC_EXT);
        };
    }

    private String title(int words) {
        StringBuilder out = new StringBuilder(random.nextInt(5) == 0 ? "The " : "");
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : " ").append(capital(pick(WORDS)));
        }
        return out.toString();
    }

    private String date(String sep) {
        return (2010 + random.nextInt(15)) + sep + two(1 + random.nextInt(12)) + sep + two(1 + random.nextInt(28));
    }

    private String clock(String sep) {
        return two(random.nextInt(24)) + sep + two(random.nextInt(60)) + sep + two(random.nextInt(60));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String capital(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
