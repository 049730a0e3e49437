export default function () { throw new Error('shim not written'); }
