package dev.sysstep.core.kernel;

/** Segment selectors of the 64-bit GDT (reference §3.1, arch/x86/include/asm/segment.h). */
public final class Selectors {
    public static final int KERNEL32_CS = 0x08;
    public static final int KERNEL_CS = 0x10;
    public static final int KERNEL_DS = 0x18;
    public static final int USER32_CS = 0x23;
    public static final int USER_DS = 0x2b;
    public static final int USER_CS = 0x33;
    public static final int CPUNODE_SEG = 0x7b;

    private Selectors() {
    }

    /** What the GDT entry behind a selector is; enough to check IRET's loads (SDM IRET). */
    public enum Descriptor {
        NULL, KERNEL_CODE64, KERNEL_CODE32, KERNEL_DATA, USER_CODE32, USER_DATA, USER_CODE64, USER_CPUNODE, NONE;

        public boolean isCode() {
            return this == KERNEL_CODE64 || this == KERNEL_CODE32 || this == USER_CODE32 || this == USER_CODE64;
        }

        public boolean isWritableData() {
            return this == KERNEL_DATA || this == USER_DATA;
        }

        public int dpl() {
            return switch (this) {
                case USER_CODE32, USER_DATA, USER_CODE64, USER_CPUNODE -> 3;
                default -> 0;
            };
        }
    }

    /** The descriptor a selector's index names in Linux's GDT (TI = 0 only; the LDT is empty). */
    public static Descriptor describe(long selector) {
        if ((selector & 4) != 0) {
            return Descriptor.NONE;
        }
        return switch ((int) (selector >>> 3) & 0x1FFF) {
            case 0 -> Descriptor.NULL;
            case 1 -> Descriptor.KERNEL_CODE32;
            case 2 -> Descriptor.KERNEL_CODE64;
            case 3 -> Descriptor.KERNEL_DATA;
            case 4 -> Descriptor.USER_CODE32;
            case 5 -> Descriptor.USER_DATA;
            case 6 -> Descriptor.USER_CODE64;
            case 15 -> Descriptor.USER_CPUNODE;
            default -> Descriptor.NONE;
        };
    }

    public static String name(long selector) {
        return switch ((int) selector) {
            case KERNEL32_CS -> "__KERNEL32_CS";
            case KERNEL_CS -> "__KERNEL_CS";
            case KERNEL_DS -> "__KERNEL_DS";
            case USER32_CS -> "__USER32_CS";
            case USER_DS -> "__USER_DS";
            case USER_CS -> "__USER_CS";
            default -> "";
        };
    }
}
