module example.com/crosscheckfixture

go 1.26
